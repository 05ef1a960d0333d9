// SPDX-License-Identifier: Apache-2.0
package io.skald.store.chunks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.core.model.Entry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineBloomTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBlockAnswersForTheNeedlesItCouldHold() throws Exception {
        ChunkBuilder builder = new ChunkBuilder(Encoding.SNAPPY, 256 * 1024);
        for (int i = 0; i < 2000; i++) {
            builder.append(new Entry(
                    i,
                    b("level=info method=GET path=/api/v1/push status=200 trace_id=" + Long.toHexString(i * 7919L)),
                    List.of()));
        }
        ChunkReader reader = new ChunkReader(builder.build());
        ChunkReader.BlockMeta block = reader.blocks().get(0);
        assertNotNull(block.bloom());
        assertTrue(LineBloom.mightContain(block.bloom(), b("/api/v1/push")), "no false negatives");
        assertTrue(LineBloom.mightContain(block.bloom(), b("status=200")));
        assertTrue(LineBloom.mightContain(block.bloom(), b("ab")), "too short to tell: read the block");
        assertFalse(LineBloom.mightContain(block.bloom(), b("needle-that-is-not-there")));
        assertFalse(LineBloom.mightContain(block.bloom(), b("level=error")));
        assertEquals(2000, reader.entries().size(), "the filter changes nothing of what is stored");
    }
}
