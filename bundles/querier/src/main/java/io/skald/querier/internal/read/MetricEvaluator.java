// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.read;

import io.skald.core.model.Labels;
import io.skald.logql.Matcher;
import io.skald.logql.MetricQuery;
import io.skald.logql.MetricQuery.BinaryOp;
import io.skald.logql.MetricQuery.Grouping;
import io.skald.logql.MetricQuery.RangeAggregation;
import io.skald.logql.MetricQuery.RangeOp;
import io.skald.logql.MetricQuery.VectorAggregation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Evaluates a metric query at each step of [start, end], as Loki and Prometheus do: a range
 * aggregation reads a series' samples in the window (t − offset − range, t − offset]; a step whose
 * window holds nothing has no point. Series are held as one value per step (NaN where there is no
 * point), so vector aggregations and binary operators work step by step on aligned arrays.
 */
public final class MetricEvaluator {
    /** One result series: its labels and its points in time order. */
    public record Series(Labels labels, List<Point> points) {}

    /** A sample: Unix nanoseconds (kept exact, not as a double) and its value. */
    public record Point(long timeNanos, double value) {}

    /** The answer: series (in the order to print), or a scalar when the whole query is a number. */
    public record Result(List<Series> series, boolean scalar) {}

    /** What a range aggregation counts per line. */
    public enum SampleKind {
        COUNT,
        BYTES,
        UNWRAP
    }

    /** Reads the samples of a log range, grouped into series by their labels (after an optional grouping). */
    public interface SampleSource {
        Map<Labels, SampleList> samples(
                MetricQuery.LogRange range,
                SampleKind kind,
                Grouping grouping,
                long from,
                long to,
                Supplier<SampleList> newSeries)
                throws IOException;
    }

    /** A query that cannot be evaluated as written (Loki answers 400). */
    public static final class EvaluationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EvaluationException(String message) {
            super(message);
        }
    }

    /** A value at every step: either one number (a scalar) or labelled series. */
    record Value(double[] scalar, Map<Labels, double[]> vector) {
        static Value scalar(double[] s) {
            return new Value(s, null);
        }

        static Value vector(Map<Labels, double[]> v) {
            return new Value(null, v);
        }

        Map<Labels, double[]> vectorOrFail(String function) {
            if (vector == null) {
                throw new EvaluationException(
                        "expected type vector in call to function \"" + function + "\", got scalar");
            }
            return vector;
        }
    }

    private static final Labels NO_LABELS = Labels.of(Map.of());
    /** Points (series × steps) one range aggregation may hold: 20 M, a few hundred MB at most. */
    static final long MAX_POINTS = 20_000_000L;

    private final SampleSource source;
    private final long start;
    private final long step;
    private final int steps;
    private final RangeWindows windows;
    private boolean sortAscending;
    private boolean sortDescending;

    private MetricEvaluator(SampleSource source, long start, long end, long step) {
        this.source = source;
        this.start = start;
        this.step = step;
        this.steps = (int) ((end - start) / step) + 1;
        this.windows = new RangeWindows(start, step, steps);
    }

    public static Result evaluate(MetricQuery query, SampleSource source, long start, long end, long step)
            throws IOException {
        MetricEvaluator e = new MetricEvaluator(source, start, end, step);
        Value v = e.eval(query);
        List<Series> out = new ArrayList<>();
        if (v.scalar() != null) {
            out.add(e.series(NO_LABELS, v.scalar()));
            return new Result(out, true);
        }
        v.vector().forEach((labels, values) -> {
            Series s = e.series(labels, values);
            if (!s.points().isEmpty()) {
                out.add(s);
            }
        });
        if (e.sortAscending || e.sortDescending) { // sort and sort_desc order an instant vector by value
            Comparator<Series> byValue = Comparator.comparingDouble(
                    s -> s.points().get(s.points().size() - 1).value());
            out.sort(e.sortDescending ? byValue.reversed() : byValue);
        } else {
            out.sort((a, b) -> a.labels().compareTo(b.labels()));
        }
        return new Result(out, false);
    }

    private Series series(Labels labels, double[] values) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            if (!Double.isNaN(values[i])) {
                points.add(new Point(start + i * step, values[i]));
            }
        }
        return new Series(labels, points);
    }

    private double[] empty() {
        return nans(steps);
    }

    /** A value per step, none yet: NaN, as Prometheus marks a missing sample. */
    static double[] nans(int steps) {
        double[] v = new double[steps];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    private Value eval(MetricQuery q) throws IOException {
        if (q instanceof RangeAggregation r) {
            return Value.vector(range(r));
        }
        if (q instanceof VectorAggregation v) {
            if (v.inner() instanceof RangeAggregation r && pushdown(v, r)) {
                // sum by (x) of counts = counts of the lines grouped by x: group as the samples are made
                Grouping g = v.grouping() != null ? v.grouping() : new Grouping(false, List.of());
                return Value.vector(aggregate(v, range(r, g)));
            }
            return Value.vector(aggregate(v, eval(v.inner()).vectorOrFail(v.op().text)));
        }
        if (q instanceof BinaryOp b) {
            return new BinaryOperators(steps).binary(b, eval(b.lhs()), eval(b.rhs()));
        }
        if (q instanceof MetricQuery.Literal l) {
            double[] s = new double[steps];
            Arrays.fill(s, l.value());
            return Value.scalar(s);
        }
        if (q instanceof MetricQuery.VectorLiteral v) {
            double[] s = new double[steps];
            Arrays.fill(s, v.value());
            Map<Labels, double[]> m = new LinkedHashMap<>();
            m.put(NO_LABELS, s);
            return Value.vector(m);
        }
        MetricQuery.LabelReplace l = (MetricQuery.LabelReplace) q;
        return Value.vector(labelReplace(l, eval(l.inner()).vectorOrFail("label_replace")));
    }

    // ---- range aggregations ------------------------------------------------------------------------

    /**
     * Whether the vector aggregation can be folded into the range aggregation's samples: a sum of
     * additive range functions, or max of max_over_time / min of min_over_time, over series not
     * already grouped.
     */
    private static boolean pushdown(VectorAggregation v, RangeAggregation r) {
        if (r.grouping() != null) {
            return false;
        }
        return switch (v.op()) {
            case SUM ->
                switch (r.op()) {
                    case COUNT_OVER_TIME, RATE, BYTES_OVER_TIME, BYTES_RATE, SUM_OVER_TIME -> true;
                    default -> false;
                };
            case MAX -> r.op() == RangeOp.MAX_OVER_TIME;
            case MIN -> r.op() == RangeOp.MIN_OVER_TIME;
            default -> false;
        };
    }

    private Map<Labels, double[]> range(RangeAggregation r) throws IOException {
        return range(r, r.grouping());
    }

    private Map<Labels, double[]> range(RangeAggregation r, Grouping grouping) throws IOException {
        RangeOp op = r.op();
        SampleKind kind = r.range().unwrap() != null
                ? SampleKind.UNWRAP
                : op == RangeOp.BYTES_OVER_TIME || op == RangeOp.BYTES_RATE ? SampleKind.BYTES : SampleKind.COUNT;
        long offset = r.range().offsetNanos();
        long rangeNanos = r.rangeNanos();
        long from = start - offset - rangeNanos + 1;
        long to = start + (steps - 1) * step - offset + 1;
        boolean additive = kind != SampleKind.UNWRAP
                && switch (op) {
                    case COUNT_OVER_TIME, RATE, BYTES_OVER_TIME, BYTES_RATE, ABSENT_OVER_TIME -> true;
                    default -> false;
                };
        SampleList.Grid grid = new SampleList.Grid(start, step, steps, rangeNanos, offset);
        // Each series costs a value per step here and below: bound series × steps, not series alone.
        int maxSeries = (int) Math.max(1, Math.min(Querier.MAX_SERIES_IN_MEMORY, MAX_POINTS / steps));
        int[] made = new int[1];
        Map<Labels, SampleList> samples = source.samples(r.range(), kind, grouping, from, to, () -> {
            if (++made[0] > maxSeries) {
                throw new Querier.TooManySeries(maxSeries);
            }
            return additive ? SampleList.accumulating(grid) : new SampleList();
        });
        Map<Labels, double[]> out = new LinkedHashMap<>();
        if (op == RangeOp.ABSENT_OVER_TIME) {
            double[] absent = empty();
            for (int i = 0; i < steps; i++) {
                absent[i] = 1;
            }
            samples.values().forEach(list -> {
                double[] present = windows.window(list, RangeOp.COUNT_OVER_TIME, rangeNanos, offset, null);
                for (int i = 0; i < steps; i++) {
                    if (!Double.isNaN(present[i])) {
                        absent[i] = Double.NaN;
                    }
                }
            });
            Map<String, String> labels = new TreeMap<>(); // as Prometheus: the selector's equality matchers
            for (Matcher m : r.logQuery().matchers()) {
                if (m.type() == Matcher.Type.EQ) {
                    labels.put(m.name(), m.value());
                }
            }
            out.put(Labels.of(labels), absent);
            return out;
        }
        samples.forEach((labels, list) ->
                out.put(labels, windows.window(list.sorted(), op, rangeNanos, offset, r.parameter())));
        return out;
    }

    // ---- vector aggregations -----------------------------------------------------------------------

    private static Labels group(Labels labels, Grouping g) {
        return g == null ? NO_LABELS : LabelSets.select(labels, g.labels(), !g.without());
    }

    private Map<Labels, double[]> aggregate(VectorAggregation v, Map<Labels, double[]> inner) {
        switch (v.op()) {
            case SORT, SORT_DESC -> {
                sortAscending = v.op() == MetricQuery.VectorOp.SORT;
                sortDescending = !sortAscending;
                return inner;
            }
            case TOPK, BOTTOMK, APPROX_TOPK -> { // exact is the best approximation
                return topk(v, inner);
            }
            default -> {}
        }
        Map<Labels, List<double[]>> groups = new LinkedHashMap<>();
        inner.forEach((labels, values) -> groups.computeIfAbsent(group(labels, v.grouping()), k -> new ArrayList<>())
                .add(values));
        Map<Labels, double[]> out = new LinkedHashMap<>();
        groups.forEach((labels, members) -> {
            double[] result = empty();
            for (int i = 0; i < steps; i++) {
                int n = 0;
                double sum = 0;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                double mean = 0;
                double m2 = 0;
                for (double[] m : members) {
                    double x = m[i];
                    if (Double.isNaN(x)) {
                        continue;
                    }
                    n++;
                    sum += x;
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                    double d = x - mean;
                    mean += d / n;
                    m2 += d * (x - mean);
                }
                if (n == 0) {
                    continue;
                }
                result[i] = switch (v.op()) {
                    case SUM -> sum;
                    case AVG -> sum / n;
                    case MIN -> min;
                    case MAX -> max;
                    case COUNT -> n;
                    case STDVAR -> m2 / n;
                    case STDDEV -> Math.sqrt(m2 / n);
                    default -> throw new IllegalStateException(v.op().text);
                };
            }
            out.put(labels, result);
        });
        return out;
    }

    /** topk/bottomk: at each step, the k largest (smallest) members of each group keep their labels and values. */
    private Map<Labels, double[]> topk(VectorAggregation v, Map<Labels, double[]> inner) {
        int k = v.parameter().intValue();
        boolean top = v.op() != MetricQuery.VectorOp.BOTTOMK;
        Map<Labels, List<Labels>> groups = new LinkedHashMap<>();
        inner.keySet()
                .forEach(l -> groups.computeIfAbsent(group(l, v.grouping()), g -> new ArrayList<>())
                        .add(l));
        Map<Labels, double[]> out = new LinkedHashMap<>();
        for (List<Labels> members : groups.values()) {
            for (int i = 0; i < steps; i++) {
                final int at = i;
                List<Labels> present = new ArrayList<>();
                for (Labels l : members) {
                    if (!Double.isNaN(inner.get(l)[at])) {
                        present.add(l);
                    }
                }
                Comparator<Labels> byValue = Comparator.comparingDouble(l -> inner.get(l)[at]);
                present.sort(
                        top
                                ? byValue.reversed().thenComparing(Comparator.naturalOrder())
                                : byValue.thenComparing(Comparator.naturalOrder()));
                for (int j = 0; j < Math.min(k, present.size()); j++) {
                    Labels l = present.get(j);
                    out.computeIfAbsent(l, x -> empty())[at] = inner.get(l)[at];
                }
            }
        }
        return out;
    }

    // ---- label_replace -----------------------------------------------------------------------------

    private Map<Labels, double[]> labelReplace(MetricQuery.LabelReplace l, Map<Labels, double[]> inner) {
        Map<Labels, double[]> out = new LinkedHashMap<>();
        UnaryOperator<Labels> replace = l.replacer();
        inner.forEach((labels, values) -> {
            Labels result = replace.apply(labels);
            double[] existing = out.get(result);
            if (existing == null) {
                out.put(result, values.clone());
            } else {
                for (int i = 0; i < steps; i++) {
                    if (Double.isNaN(existing[i])) {
                        existing[i] = values[i];
                    }
                }
            }
        });
        return out;
    }
}
