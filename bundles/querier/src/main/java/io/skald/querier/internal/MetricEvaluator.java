// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import io.skald.logql.MetricQuery;
import io.skald.spi.log.Labels;
import io.skald.store.api.Entry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates a metric query at each step of [start, end]: a range aggregation counts (or sums the
 * bytes of) a stream's entries in the window (t − range, t], as Loki does; a step whose window holds
 * nothing has no point. Vector aggregations then group the series of each step.
 */
final class MetricEvaluator {
    /** One result series: its labels and its points in time order. */
    record Series(Labels labels, List<Point> points) {
    }

    /** A sample: Unix nanoseconds (kept exact, not as a double) and its value. */
    record Point(long timeNanos, double value) {
    }

    private MetricEvaluator() {
    }

    static List<Series> evaluate(MetricQuery query, Map<Labels, List<Entry>> streams, long start, long end, long step) {
        Map<Labels, TreeMap<Long, Double>> values = evaluate(query, streams, start, end, step, new LinkedHashMap<>());
        List<Series> out = new ArrayList<>();
        values.forEach((labels, points) -> {
            List<Point> list = new ArrayList<>(points.size());
            points.forEach((t, v) -> list.add(new Point(t, v)));
            out.add(new Series(labels, list));
        });
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        return out;
    }

    private static Map<Labels, TreeMap<Long, Double>> evaluate(MetricQuery query, Map<Labels, List<Entry>> streams,
                                                              long start, long end, long step,
                                                              Map<Labels, TreeMap<Long, Double>> unused) {
        if (query instanceof MetricQuery.RangeAggregation r) {
            return range(r, streams, start, end, step);
        }
        MetricQuery.VectorAggregation v = (MetricQuery.VectorAggregation) query;
        Map<Labels, TreeMap<Long, Double>> inner = evaluate(v.inner(), streams, start, end, step, unused);
        Map<Labels, TreeMap<Long, double[]>> groups = new LinkedHashMap<>(); // [sum, count, min, max]
        inner.forEach((labels, points) -> {
            Labels key = groupKey(labels, v);
            TreeMap<Long, double[]> acc = groups.computeIfAbsent(key, k -> new TreeMap<>());
            points.forEach((t, value) -> {
                double[] a = acc.computeIfAbsent(t, k -> new double[] {0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
                a[0] += value;
                a[1]++;
                a[2] = Math.min(a[2], value);
                a[3] = Math.max(a[3], value);
            });
        });
        Map<Labels, TreeMap<Long, Double>> out = new LinkedHashMap<>();
        groups.forEach((labels, acc) -> {
            TreeMap<Long, Double> points = new TreeMap<>();
            acc.forEach((t, a) -> points.put(t, switch (v.op()) {
                case SUM -> a[0];
                case COUNT -> a[1];
                case MIN -> a[2];
                case MAX -> a[3];
                case AVG -> a[0] / a[1];
            }));
            out.put(labels, points);
        });
        return out;
    }

    private static Labels groupKey(Labels labels, MetricQuery.VectorAggregation v) {
        Map<String, String> kept = new TreeMap<>();
        for (Labels.Label l : labels.asList()) {
            boolean listed = v.grouping().contains(l.name());
            if (v.without() ? !listed : listed) {
                kept.put(l.name(), l.value());
            }
        }
        return Labels.of(kept);
    }

    /** A sliding window over each stream's sorted entries: O(entries + steps) per stream. */
    private static Map<Labels, TreeMap<Long, Double>> range(MetricQuery.RangeAggregation r, Map<Labels, List<Entry>> streams,
                                                           long start, long end, long step) {
        Map<Labels, TreeMap<Long, Double>> out = new LinkedHashMap<>();
        double seconds = r.rangeNanos() / 1e9;
        for (Map.Entry<Labels, List<Entry>> s : streams.entrySet()) {
            List<Entry> entries = s.getValue();
            TreeMap<Long, Double> points = new TreeMap<>();
            int lo = 0;
            int hi = 0;
            long bytes = 0;
            for (long t = start; t <= end; t += step) {
                while (hi < entries.size() && entries.get(hi).timestampNanos() <= t) {
                    bytes += entries.get(hi).line().length;
                    hi++;
                }
                while (lo < hi && entries.get(lo).timestampNanos() <= t - r.rangeNanos()) {
                    bytes -= entries.get(lo).line().length;
                    lo++;
                }
                int count = hi - lo;
                if (count == 0) {
                    continue;
                }
                points.put(t, switch (r.op()) {
                    case COUNT_OVER_TIME -> (double) count;
                    case RATE -> count / seconds;
                    case BYTES_OVER_TIME -> (double) bytes;
                    case BYTES_RATE -> bytes / seconds;
                });
            }
            if (!points.isEmpty()) {
                out.put(s.getKey(), points);
            }
        }
        return out;
    }
}
