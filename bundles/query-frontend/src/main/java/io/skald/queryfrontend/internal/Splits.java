// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * How a range query is cut at multiples of the split interval (aligned to the Unix epoch, as Loki
 * aligns them, so that the same part recurs across queries and its cached answer can be reused).
 */
final class Splits {
    /** One part: [start, end] in Unix nanoseconds (end exclusive for log queries, the last step for metric ones). */
    record Part(long start, long end) {}

    private Splits() {}

    /** Log queries: [start, end) cut into consecutive, disjoint parts. */
    static List<Part> logs(long start, long end, long interval) {
        List<Part> out = new ArrayList<>();
        if (interval <= 0
                || end - start <= interval && Math.floorDiv(start, interval) == Math.floorDiv(end - 1, interval)) {
            out.add(new Part(start, end));
            return out;
        }
        long from = start;
        while (from < end) {
            long boundary = (Math.floorDiv(from, interval) + 1) * interval;
            long to = Math.min(boundary, end);
            out.add(new Part(from, to));
            from = to;
        }
        return out;
    }

    /** Metric queries: the steps start + k·step ≤ end, each in exactly one part; a part is its first and last step. */
    static List<Part> metric(long start, long end, long step, long interval) {
        List<Part> out = new ArrayList<>();
        if (interval <= 0) {
            out.add(new Part(start, end));
            return out;
        }
        long first = start;
        while (first <= end) {
            long boundary = (Math.floorDiv(first, interval) + 1) * interval;
            long steps = (Math.min(boundary - 1, end) - first) / step; // further steps before the boundary
            long last = first + steps * step;
            out.add(new Part(first, last));
            first = last + step;
        }
        return out;
    }
}
