// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.read;

import io.skald.logql.MetricQuery.RangeOp;
import java.util.Arrays;

/**
 * The range functions of LogQL over one series' samples, evaluated at every step of a query: the
 * window of each step is {@code (t − range − offset, t − offset]}.
 */
final class RangeWindows {
    private final long start;
    private final long step;
    private final int steps;

    private double[] empty() {
        return MetricEvaluator.nans(steps);
    }

    RangeWindows(long start, long step, int steps) {
        this.start = start;
        this.step = step;
        this.steps = steps;
    }

    /** One value per step from the samples in each step's window, with two pointers over the sorted samples. */
    double[] window(SampleList s, RangeOp op, long rangeNanos, long offset, Double parameter) {
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
}
