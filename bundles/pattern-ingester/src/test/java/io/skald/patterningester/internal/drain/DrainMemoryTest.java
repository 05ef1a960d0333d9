// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.patterningester.internal.LogGenerators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** A stream of lines that never repeat cannot grow a Drain without bound. */
class DrainMemoryTest {
    static final long MINUTE = 60_000;

    @Test
    void distinctLinesStayWithinMaxClustersAndTheTreeShrinksOnPrune() {
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        int[] removed = new int[2];
        DrainMetrics counting = new DrainMetrics() {
            @Override
            public void patternRemoved(boolean pruned) {
                removed[pruned ? 1 : 0]++;
            }
        };
        DrainConfig config = DrainConfig.defaults();
        Drain drain = new Drain(config, LineFormat.UNKNOWN, counting, now::get);
        IntFunction<String> lines = LogGenerators.distinct(7);
        int trained = 0;
        int maxTree = 0;
        for (int i = 0; i < 100_000; i++) {
            now.addAndGet(250); // ~7 hours of lines
            String line = lines.apply(i);
            if (drain.train(line, line.length(), now.get()) != null) {
                trained++;
            }
            assertTrue(drain.clusters().size() <= config.maxClusters());
            if (i % 240 == 0) { // a sweep every simulated minute, as the module does
                for (LogCluster c : drain.clusters()) {
                    c.prune(now.get() - 180 * MINUTE);
                    if (c.size() == 0) {
                        drain.delete(c);
                    }
                }
                drain.pruneTree();
            }
            maxTree = Math.max(maxTree, drain.treeSize());
        }
        assertTrue(trained > 1000, "the limiter pauses the stream, it does not stop it: " + trained);
        assertTrue(trained < 100_000, "churning streams are paused: " + trained);
        assertTrue(removed[0] > 0, "least recently used clusters were evicted");
        // Every cluster path is at most max depth long, and each live cluster holds one.
        assertTrue(maxTree <= (config.maxClusters() + 1) * (config.maxNodeDepth() + 1) + 100, "tree nodes: " + maxTree);
        for (LogCluster c : drain.clusters()) {
            // Three hours of 10 s buckets plus one chunk's worth before the next sweep.
            assertTrue(
                    c.samples().sampleCount() <= 3 * 360 + 361 + 6,
                    c + " holds " + c.samples().sampleCount() + " samples");
        }

        now.addAndGet(4 * 60 * MINUTE);
        for (LogCluster c : drain.clusters()) {
            c.prune(now.get() - 180 * MINUTE);
            drain.delete(c);
        }
        drain.pruneTree();
        assertEquals(0, drain.clusters().size());
        assertEquals(1, drain.treeSize(), "only the root is left");
        assertTrue(removed[1] > 0, "expired clusters count as pruned");
    }

    @Test
    void theLimiterPausesForTenMinutesOnceTooManyClustersWereEvicted() {
        AtomicLong now = new AtomicLong(0);
        EvictionLimiter limiter = new EvictionLimiter(0.25, now::get);
        for (int i = 0; i < 4; i++) {
            assertTrue(limiter.allow());
        }
        limiter.evicted();
        limiter.evicted(); // 2 of 4: over a quarter
        assertTrue(!limiter.allow());
        now.addAndGet(EvictionLimiter.BLOCK_MILLIS - 1);
        assertTrue(!limiter.allow());
        now.addAndGet(1);
        assertTrue(limiter.allow(), "counting starts afresh");
    }

    @Test
    void aLinesClusterIsNullWhenSkipped() {
        Drain drain = new Drain(DrainConfig.defaults(), LineFormat.UNKNOWN, DrainMetrics.NONE, () -> 0L);
        assertNull(drain.train("too few", 7, 0));
        assertNull(drain.train("x".repeat(3001), 3001, 0));
        assertNull(drain.train("a ".repeat(81), 162, 0));
    }
}
