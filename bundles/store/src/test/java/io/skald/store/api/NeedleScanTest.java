// SPDX-License-Identifier: Apache-2.0
package io.skald.store.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A scan told the needle finds exactly the lines a per-line test finds, occurrences across line ends included. */
class NeedleScanTest {
    @Test
    void searchingTheBlockFindsWhatTestingEachLineFinds() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        String alphabet = "ab=9 ";
        for (int trial = 0; trial < 100; trial++) {
            ChunkBuilder builder = new ChunkBuilder(Encoding.SNAPPY, 1 << 20);
            int n = 1 + random.nextInt(300);
            for (int i = 0; i < n; i++) {
                StringBuilder line = new StringBuilder();
                int length = random.nextInt(12);
                for (int j = 0; j < length; j++) {
                    line.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                builder.append(new Entry(i, line.toString().getBytes(StandardCharsets.UTF_8), List.of()));
            }
            ChunkReader reader = new ChunkReader(builder.build());
            StringBuilder needleText = new StringBuilder();
            for (int j = 0; j < 3 + random.nextInt(2); j++) {
                needleText.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] needle = needleText.toString().getBytes(StandardCharsets.UTF_8);
            ChunkReader.LineTest contains = (b, off, len) -> new String(b, off, len, StandardCharsets.UTF_8).contains(needleText);
            long from = random.nextInt(n);
            long to = from + random.nextInt(n) + 1;
            List<String> perLine = new ArrayList<>();
            List<String> searched = new ArrayList<>();
            for (ChunkReader.BlockMeta b : reader.blocks()) {
                int a = reader.scanRaw(b, from, to, contains, (ts, buf, off, len, md) -> perLine.add(ts + ":" + new String(buf, off, len, StandardCharsets.UTF_8)));
                int c = reader.scanRaw(b, from, to, contains, (ts, buf, off, len, md) -> searched.add(ts + ":" + new String(buf, off, len, StandardCharsets.UTF_8)), needle);
                assertEquals(a, c, "the same count of lines in range");
            }
            assertEquals(perLine, searched, "trial " + trial + " needle '" + needleText + "'");
        }
    }
}
