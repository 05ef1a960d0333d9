// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A cluster's counts over time, as Loki keeps them: one sample per {@code sampleInterval} bucket
 * that saw a line, grouped into chunks spanning at most {@code maxChunkAge}. Whole chunks are
 * dropped once their newest sample is older than the retention, which bounds a cluster to about
 * retention / sampleInterval samples.
 */
public final class SampleChunks {
    /** Receives samples: bucket start in Unix milliseconds, and the lines counted in it. */
    public interface Sink {
        void sample(long timestampMillis, long count);
    }

    private static final class Chunk {
        long[] timestamps;
        long[] counts;
        int size;

        Chunk(long timestamp, int capacity) {
            timestamps = new long[Math.max(1, capacity)];
            counts = new long[timestamps.length];
            timestamps[0] = timestamp;
            counts[0] = 1;
            size = 1;
        }

        long first() {
            return timestamps[0];
        }

        long last() {
            return timestamps[size - 1];
        }

        void append(long timestamp) {
            if (size == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            timestamps[size] = timestamp;
            counts[size] = 1;
            size++;
        }

        /** First index whose timestamp is at least {@code t}. */
        int search(long t) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (timestamps[mid] < t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    private final List<Chunk> chunks = new ArrayList<>(1);

    static long truncate(long timestamp, long step) {
        return timestamp - timestamp % step;
    }

    /** Counts one line at {@code timestampMillis}. A line older than the newest bucket is not counted, as in Loki. */
    void add(long timestampMillis, long maxChunkAgeMillis, long sampleIntervalMillis) {
        long t = truncate(timestampMillis, sampleIntervalMillis);
        if (chunks.isEmpty()) {
            chunks.add(newChunk(t, maxChunkAgeMillis, sampleIntervalMillis));
            return;
        }
        Chunk last = chunks.get(chunks.size() - 1);
        if (last.last() == t) {
            last.counts[last.size - 1]++;
            return;
        }
        if (t - last.first() >= maxChunkAgeMillis) {
            chunks.add(newChunk(t, maxChunkAgeMillis, sampleIntervalMillis));
            return;
        }
        if (timestampMillis < last.last()) {
            return;
        }
        last.append(t);
    }

    private static Chunk newChunk(long t, long maxChunkAgeMillis, long sampleIntervalMillis) {
        // An eighth of a full chunk up front: sparse clusters stay small, busy ones grow by doubling.
        int full = (int) (maxChunkAgeMillis / sampleIntervalMillis) + 1;
        return new Chunk(t, full / 8);
    }

    /**
     * The samples in [start, end), per chunk: as stored when {@code step} is the sample interval,
     * else summed into {@code step}-aligned buckets with the empty buckets between them as zeros.
     */
    public void forRange(long start, long end, long step, long sampleIntervalMillis, Sink sink) {
        for (Chunk c : chunks) {
            if (start >= end || c.first() >= end || c.last() < start) {
                continue;
            }
            int lo = start > c.first() ? c.search(start) : 0;
            int hi = end < c.last() ? c.search(end) : c.size;
            if (lo >= hi) {
                continue;
            }
            if (step == sampleIntervalMillis) {
                for (int i = lo; i < hi; i++) {
                    sink.sample(c.timestamps[i], c.counts[i]);
                }
                continue;
            }
            long bucket = truncate(c.timestamps[lo], step);
            long sum = 0;
            for (int i = lo; i < hi; i++) {
                if (c.timestamps[i] >= bucket + step) {
                    sink.sample(bucket, sum);
                    long target = truncate(c.timestamps[i], step);
                    for (long gap = bucket + step; gap < target; gap += step) {
                        sink.sample(gap, 0);
                    }
                    bucket = target;
                    sum = 0;
                }
                sum += c.counts[i];
            }
            sink.sample(bucket, sum);
        }
    }

    /** Drops the chunks whose newest sample is older than {@code oldestMillis}; returns the lines still counted. */
    long prune(long oldestMillis) {
        chunks.removeIf(c -> c.last() < oldestMillis);
        return lines();
    }

    long lines() {
        long n = 0;
        for (Chunk c : chunks) {
            for (int i = 0; i < c.size; i++) {
                n += c.counts[i];
            }
        }
        return n;
    }

    /** Samples held: the memory this cluster's history takes. */
    public int sampleCount() {
        int n = 0;
        for (Chunk c : chunks) {
            n += c.size;
        }
        return n;
    }
}
