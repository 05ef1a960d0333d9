// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Samples per 10 s bucket, chunked per hour, read back per step as Loki's chunk.ForRange does. */
class SampleChunksTest {
    static final long S = 1000;
    static final long HOUR = 3600 * S;

    static List<String> read(SampleChunks c, long start, long end, long step) {
        List<String> out = new ArrayList<>();
        c.forRange(start, end, step, 10 * S, (ts, n) -> out.add(ts / S + ":" + n));
        return out;
    }

    @Test
    void linesFallIntoTenSecondBucketsAndStepsSumThem() {
        SampleChunks c = new SampleChunks();
        for (long t : new long[] {1 * S, 5 * S, 12 * S, 45 * S, 46 * S, 3 * S /* late: not counted */, 95 * S}) {
            c.add(t, HOUR, 10 * S);
        }
        assertEquals(List.of("0:2", "10:1", "40:2", "90:1"), read(c, 0, 100 * S, 10 * S));
        // 30 s steps: the empty bucket between samples of a chunk reads as zero.
        assertEquals(List.of("0:3", "30:2", "60:0", "90:1"), read(c, 0, 100 * S, 30 * S));
        // [start, end): the bucket at 80 s is outside an end of 80 s...
        assertEquals(List.of("10:1", "40:2"), read(c, 10 * S, 80 * S, 10 * S));
        // ...but, as in Loki, a chunk's newest bucket is inside an end equal to it.
        assertEquals(List.of("10:1", "40:2", "90:1"), read(c, 10 * S, 90 * S, 10 * S));
        assertEquals(6, c.lines());
    }

    @Test
    void chunksSpanAnHourAndArePrunedWhole() {
        SampleChunks c = new SampleChunks();
        for (long t = 0; t < 3 * HOUR; t += 10 * S) {
            c.add(t, HOUR, 10 * S);
        }
        assertEquals(1080, c.sampleCount());
        assertEquals(1080, c.lines());
        // The first chunk's newest sample is at 59:50; the second's at 1:59:50.
        assertEquals(720, c.prune(HOUR));
        assertEquals(0, c.prune(3 * HOUR));
        assertEquals(0, c.sampleCount());
    }
}
