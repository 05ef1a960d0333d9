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
import io.skald.logql.MetricQuery.VectorMatching;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private record Value(double[] scalar, Map<Labels, double[]> vector) {
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
    private boolean sortAscending;
    private boolean sortDescending;

    private MetricEvaluator(SampleSource source, long start, long end, long step) {
        this.source = source;
        this.start = start;
        this.step = step;
        this.steps = (int) ((end - start) / step) + 1;
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
            return binary(b, eval(b.lhs()), eval(b.rhs()));
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
                double[] present = window(list, RangeOp.COUNT_OVER_TIME, rangeNanos, offset, null);
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
        samples.forEach(
                (labels, list) -> out.put(labels, window(list.sorted(), op, rangeNanos, offset, r.parameter())));
        return out;
    }

    /** One value per step from the samples in each step's window, with two pointers over the sorted samples. */
    private double[] window(SampleList s, RangeOp op, long rangeNanos, long offset, Double parameter) {
        double[] out = empty();
        if (s.accumulated()) { // integer counts and byte sums, added per step as the samples came
            long[] counts = new long[steps];
            double[] sums = s.stepSums(counts);
            double seconds = rangeNanos / 1e9;
            for (int i = 0; i < steps; i++) {
                if (counts[i] > 0) {
                    out[i] = switch (op) {
                        case COUNT_OVER_TIME -> counts[i];
                        case RATE, BYTES_RATE -> sums[i] / seconds;
                        default -> sums[i];
                    };
                }
            }
            return out;
        }
        double seconds = rangeNanos / 1e9;
        int lo = 0;
        int hi = 0;
        double sum = 0; // running sum of the window, kept exact enough by recomputing when it empties
        for (int i = 0; i < steps; i++) {
            long windowEnd = start + i * step - offset;
            long windowStart = windowEnd - rangeNanos;
            while (hi < s.size() && s.time(hi) <= windowEnd) {
                sum += s.value(hi++);
            }
            while (lo < hi && s.time(lo) <= windowStart) {
                sum -= s.value(lo++);
            }
            int n = hi - lo;
            if (n == 0) {
                sum = 0;
                continue;
            }
            out[i] = switch (op) {
                case COUNT_OVER_TIME -> n;
                case RATE, BYTES_RATE -> exactSum(s, lo, hi, sum) / seconds;
                case BYTES_OVER_TIME, SUM_OVER_TIME -> exactSum(s, lo, hi, sum);
                case AVG_OVER_TIME -> exactSum(s, lo, hi, sum) / n;
                case MAX_OVER_TIME -> {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int j = lo; j < hi; j++) {
                        m = Math.max(m, s.value(j));
                    }
                    yield m;
                }
                case MIN_OVER_TIME -> {
                    double m = Double.POSITIVE_INFINITY;
                    for (int j = lo; j < hi; j++) {
                        m = Math.min(m, s.value(j));
                    }
                    yield m;
                }
                case FIRST_OVER_TIME -> s.value(lo);
                case LAST_OVER_TIME -> s.value(hi - 1);
                case STDVAR_OVER_TIME -> variance(s, lo, hi);
                case STDDEV_OVER_TIME -> Math.sqrt(variance(s, lo, hi));
                case QUANTILE_OVER_TIME -> {
                    double[] w = new double[n];
                    for (int j = lo; j < hi; j++) {
                        w[j - lo] = s.value(j);
                    }
                    yield quantile(parameter, w);
                }
                case RATE_COUNTER -> counterRate(s, lo, hi, windowStart, windowEnd, seconds);
                case ABSENT_OVER_TIME -> 1;
            };
        }
        return out;
    }

    /** Counts sum to integers exactly; sums of unwrapped floats are recomputed to avoid drift. */
    private static double exactSum(SampleList s, int lo, int hi, double running) {
        if (running == Math.rint(running) && Math.abs(running) < 1e15) {
            return running;
        }
        double sum = 0;
        for (int j = lo; j < hi; j++) {
            sum += s.value(j);
        }
        return sum;
    }

    /** Population variance, as Prometheus' stdvar_over_time. */
    private static double variance(SampleList s, int lo, int hi) {
        double mean = 0;
        int n = 0;
        double m2 = 0;
        for (int j = lo; j < hi; j++) { // Welford
            n++;
            double d = s.value(j) - mean;
            mean += d / n;
            m2 += d * (s.value(j) - mean);
        }
        return m2 / n;
    }

    /** Prometheus' quantile: linear interpolation between the closest ranks. */
    static double quantile(double q, double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        Arrays.sort(values);
        double rank = q * (values.length - 1);
        int lower = (int) Math.max(0, Math.floor(rank));
        int upper = (int) Math.min(values.length - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return values[lower] * (1 - weight) + values[upper] * weight;
    }

    /** Prometheus' extrapolated rate of a counter (resets add the value before them), which rate_counter is. */
    private static double counterRate(SampleList s, int lo, int hi, long windowStart, long windowEnd, double seconds) {
        int n = hi - lo;
        if (n < 2) {
            return Double.NaN;
        }
        double first = s.value(lo);
        double last = s.value(hi - 1);
        double result = last - first;
        for (int j = lo + 1; j < hi; j++) {
            if (s.value(j) < s.value(j - 1)) {
                result += s.value(j - 1);
            }
        }
        double sampled = (s.time(hi - 1) - s.time(lo)) / 1e9;
        if (sampled <= 0) {
            return Double.NaN;
        }
        double toStart = (s.time(lo) - windowStart) / 1e9;
        double toEnd = (windowEnd - s.time(hi - 1)) / 1e9;
        double average = sampled / (n - 1);
        if (result > 0 && first >= 0) {
            double toZero = sampled * (first / result);
            if (toZero < toStart) {
                toStart = toZero;
            }
        }
        double threshold = average * 1.1;
        double interval =
                sampled + (toStart < threshold ? toStart : average / 2) + (toEnd < threshold ? toEnd : average / 2);
        return result * (interval / sampled) / seconds;
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

    // ---- binary operators --------------------------------------------------------------------------

    private Value binary(BinaryOp b, Value lhs, Value rhs) {
        if (lhs.scalar() != null && rhs.scalar() != null) {
            double[] out = new double[steps];
            for (int i = 0; i < steps; i++) {
                out[i] = apply(b.op(), lhs.scalar()[i], rhs.scalar()[i], true);
            }
            return Value.scalar(out);
        }
        if (b.setOperation() && (lhs.scalar() != null || rhs.scalar() != null)) {
            throw new EvaluationException("set operator \"" + b.op() + "\" not allowed in binary scalar expression");
        }
        if (lhs.scalar() != null || rhs.scalar() != null) {
            boolean scalarLeft = lhs.scalar() != null;
            double[] scalar = scalarLeft ? lhs.scalar() : rhs.scalar();
            Map<Labels, double[]> vector = scalarLeft ? rhs.vector() : lhs.vector();
            Map<Labels, double[]> out = new LinkedHashMap<>();
            vector.forEach((labels, values) -> {
                double[] r = empty();
                for (int i = 0; i < steps; i++) {
                    if (Double.isNaN(values[i])) {
                        continue;
                    }
                    double x = scalarLeft ? scalar[i] : values[i];
                    double y = scalarLeft ? values[i] : scalar[i];
                    double result = apply(b.op(), x, y, b.returnBool());
                    if (b.comparison() && !b.returnBool()) {
                        r[i] = result == 1 ? values[i] : Double.NaN; // a filter keeps the vector's own value
                    } else {
                        r[i] = result;
                    }
                }
                out.put(labels, r);
            });
            return Value.vector(out);
        }
        if (b.setOperation()) {
            return Value.vector(setOperation(b, lhs.vector(), rhs.vector()));
        }
        return Value.vector(vectorMatch(b, lhs.vector(), rhs.vector()));
    }

    /** Arithmetic, or a comparison as 1 (true) / 0 (false), or NaN where a comparison filter drops the sample. */
    private static double apply(String op, double x, double y, boolean returnBool) {
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> x / y;
            case "%" -> x % y;
            case "^" -> Math.pow(x, y);
            case "==" -> truth(x == y, returnBool);
            case "!=" -> truth(x != y, returnBool);
            case ">" -> truth(x > y, returnBool);
            case ">=" -> truth(x >= y, returnBool);
            case "<" -> truth(x < y, returnBool);
            case "<=" -> truth(x <= y, returnBool);
            default -> throw new EvaluationException("unknown operator " + op);
        };
    }

    private static double truth(boolean t, boolean returnBool) {
        return t ? 1 : returnBool ? 0 : Double.NaN;
    }

    private static Labels signature(Labels labels, VectorMatching m) {
        return m == null ? labels : LabelSets.select(labels, m.labels(), m.on());
    }

    private Map<Labels, double[]> setOperation(BinaryOp b, Map<Labels, double[]> lhs, Map<Labels, double[]> rhs) {
        Map<Labels, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < steps; i++) {
            Set<Labels> rightSigs = new HashSet<>();
            for (Map.Entry<Labels, double[]> r : rhs.entrySet()) {
                if (!Double.isNaN(r.getValue()[i])) {
                    rightSigs.add(signature(r.getKey(), b.matching()));
                }
            }
            Set<Labels> leftSigs = new HashSet<>();
            for (Map.Entry<Labels, double[]> l : lhs.entrySet()) {
                double x = l.getValue()[i];
                if (Double.isNaN(x)) {
                    continue;
                }
                Labels sig = signature(l.getKey(), b.matching());
                leftSigs.add(sig);
                boolean inRight = rightSigs.contains(sig);
                if (b.op().equals("or") || (b.op().equals("and") == inRight)) {
                    out.computeIfAbsent(l.getKey(), k -> empty())[i] = x;
                }
            }
            if (b.op().equals("or")) {
                for (Map.Entry<Labels, double[]> r : rhs.entrySet()) {
                    double y = r.getValue()[i];
                    if (!Double.isNaN(y) && !leftSigs.contains(signature(r.getKey(), b.matching()))) {
                        out.computeIfAbsent(r.getKey(), k -> empty())[i] = y;
                    }
                }
            }
        }
        return out;
    }

    /** One-to-one, or many-to-one / one-to-many with group_left / group_right, per step. */
    private Map<Labels, double[]> vectorMatch(BinaryOp b, Map<Labels, double[]> lhs, Map<Labels, double[]> rhs) {
        VectorMatching m = b.matching();
        String group = m == null ? null : m.group();
        boolean right = "right".equals(group);
        Map<Labels, double[]> many = right ? rhs : lhs;
        Map<Labels, double[]> one = right ? lhs : rhs;
        Map<Labels, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < steps; i++) {
            Map<Labels, Labels> oneBySig = new HashMap<>();
            for (Map.Entry<Labels, double[]> o : one.entrySet()) {
                if (Double.isNaN(o.getValue()[i])) {
                    continue;
                }
                Labels sig = signature(o.getKey(), m);
                if (oneBySig.put(sig, o.getKey()) != null) {
                    throw new EvaluationException("found duplicate series for the match group " + sig
                            + " on the " + (right ? "left" : "right") + " hand-side of the operation: "
                            + (group == null
                                    ? "many-to-many matching not allowed: matching labels must be unique on one side"
                                    : "multiple matches"));
                }
            }
            Set<Labels> seen = new HashSet<>();
            for (Map.Entry<Labels, double[]> e : many.entrySet()) {
                double mv = e.getValue()[i];
                if (Double.isNaN(mv)) {
                    continue;
                }
                Labels sig = signature(e.getKey(), m);
                Labels match = oneBySig.get(sig);
                if (match == null) {
                    continue;
                }
                if (group == null && !seen.add(sig)) {
                    throw new EvaluationException(
                            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                }
                double ov = one.get(match)[i];
                double x = right ? ov : mv;
                double y = right ? mv : ov;
                double result = apply(b.op(), x, y, b.returnBool());
                if (b.comparison() && !b.returnBool()) {
                    if (Double.isNaN(result)) {
                        continue;
                    }
                    result = x; // a filter keeps the left-hand value
                }
                Labels labels = resultLabels(e.getKey(), match, m);
                out.computeIfAbsent(labels, k -> empty())[i] = result;
            }
        }
        return out;
    }

    /** Prometheus' result labels: on(…) keeps those labels one-to-one, ignoring(…) drops them; grouping copies include labels. */
    private static Labels resultLabels(Labels many, Labels one, VectorMatching m) {
        if (m == null) {
            return many;
        }
        if (m.group() == null) {
            return signature(many, m);
        }
        if (m.include().isEmpty()) {
            return many;
        }
        Map<String, String> out = new TreeMap<>();
        many.asList().forEach(l -> out.put(l.name(), l.value()));
        for (String name : m.include()) {
            String v = one.get(name);
            if (v == null) {
                out.remove(name);
            } else {
                out.put(name, v);
            }
        }
        return Labels.of(out);
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
