// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import com.google.re2j.Pattern;
import io.skald.core.go.GoDuration;
import io.skald.core.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A metric query expression: range aggregations over log queries at the leaves, vector aggregations,
 * binary operations, literals, {@code vector()} and {@code label_replace()} above them.
 * {@link #toString()} formats it so that it parses back to the same expression.
 */
public sealed interface MetricQuery
        permits MetricQuery.RangeAggregation,
                MetricQuery.VectorAggregation,
                MetricQuery.BinaryOp,
                MetricQuery.Literal,
                MetricQuery.VectorLiteral,
                MetricQuery.LabelReplace {

    /** Whether an {@code approx_topk} is anywhere in the expression (Loki answers those as instant queries only). */
    default boolean approximate() {
        if (this instanceof VectorAggregation v) {
            return v.op() == VectorOp.APPROX_TOPK || v.inner().approximate();
        }
        if (this instanceof BinaryOp b) {
            return b.lhs().approximate() || b.rhs().approximate();
        }
        return this instanceof LabelReplace l && l.inner().approximate();
    }

    /** Every log range the expression reads, left to right. */
    default List<LogRange> logRanges() {
        List<LogRange> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(MetricQuery q, List<LogRange> out) {
        if (q instanceof RangeAggregation r) {
            out.add(r.range());
        } else if (q instanceof VectorAggregation v) {
            collect(v.inner(), out);
        } else if (q instanceof BinaryOp b) {
            collect(b.lhs(), out);
            collect(b.rhs(), out);
        } else if (q instanceof LabelReplace l) {
            collect(l.inner(), out);
        }
    }

    enum RangeOp {
        COUNT_OVER_TIME,
        RATE,
        RATE_COUNTER,
        BYTES_OVER_TIME,
        BYTES_RATE,
        ABSENT_OVER_TIME,
        SUM_OVER_TIME,
        AVG_OVER_TIME,
        MAX_OVER_TIME,
        MIN_OVER_TIME,
        FIRST_OVER_TIME,
        LAST_OVER_TIME,
        STDVAR_OVER_TIME,
        STDDEV_OVER_TIME,
        QUANTILE_OVER_TIME;

        public final String text = name().toLowerCase(Locale.ROOT);

        /** Whether the function reads an unwrapped value (rate reads either). */
        boolean needsUnwrap() {
            return switch (this) {
                case COUNT_OVER_TIME, RATE, BYTES_OVER_TIME, BYTES_RATE, ABSENT_OVER_TIME -> false;
                default -> true;
            };
        }

        boolean allowsUnwrap() {
            return needsUnwrap() || this == RATE;
        }

        /** Loki allows by/without after these only. */
        boolean allowsGrouping() {
            return switch (this) {
                case AVG_OVER_TIME,
                        MAX_OVER_TIME,
                        MIN_OVER_TIME,
                        FIRST_OVER_TIME,
                        LAST_OVER_TIME,
                        STDVAR_OVER_TIME,
                        STDDEV_OVER_TIME,
                        QUANTILE_OVER_TIME -> true;
                default -> false;
            };
        }
    }

    enum VectorOp {
        SUM,
        AVG,
        MIN,
        MAX,
        COUNT,
        STDDEV,
        STDVAR,
        TOPK,
        BOTTOMK,
        SORT,
        SORT_DESC,
        APPROX_TOPK;

        public final String text = name().toLowerCase(Locale.ROOT);

        boolean takesParameter() {
            return this == TOPK || this == BOTTOMK || this == APPROX_TOPK;
        }
    }

    /** {@code by (…)} ({@code without} false) or {@code without (…)}. */
    record Grouping(boolean without, List<String> labels) {
        public Grouping {
            labels = List.copyOf(labels);
        }

        @Override
        public String toString() {
            return (without ? "without (" : "by (") + String.join(", ", labels) + ")";
        }
    }

    /** {@code | unwrap [conversion(]label[)]} and the label filters after it. */
    record Unwrap(String label, String conversion, List<Stage> postFilters) {
        public Unwrap {
            postFilters = List.copyOf(postFilters);
        }

        /** Sets the line's value from the label; false drops a line without the label. */
        public boolean extract(LineState line) {
            String v = line.get(label);
            if (v == null || v.isEmpty()) {
                return false;
            }
            try {
                line.value = switch (conversion) {
                    case "bytes" -> Sizes.parseBytes(v);
                    case "duration", "duration_seconds" -> GoDuration.parse(v).toNanos() / 1e9;
                    default -> Double.parseDouble(v.trim());
                };
            } catch (IllegalArgumentException e) {
                line.value = 0;
                line.setError("SampleExtractionErr", e.getMessage());
            }
            for (Stage s : postFilters) {
                if (!s.process(line)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("| unwrap ");
            b.append(conversion.isEmpty() ? label : conversion + "(" + label + ")");
            postFilters.forEach(f -> b.append(' ').append(f));
            return b.toString();
        }
    }

    /** The log side of a range aggregation: {@code {…} | pipeline [| unwrap x] [5m] [offset 1h]}. */
    record LogRange(
            LogQuery query, Unwrap unwrap, long rangeNanos, String rangeText, long offsetNanos, String offsetText) {
        @Override
        public String toString() {
            return query + (unwrap == null ? "" : " " + unwrap) + " [" + rangeText + "]"
                    + (offsetText == null ? "" : " offset " + offsetText);
        }
    }

    /** {@code op([φ,] logRange) [grouping]}; {@code parameter} is φ of quantile_over_time. */
    record RangeAggregation(RangeOp op, LogRange range, Double parameter, Grouping grouping) implements MetricQuery {
        public LogQuery logQuery() {
            return range.query();
        }

        public long rangeNanos() {
            return range.rangeNanos();
        }

        @Override
        public String toString() {
            return op.text + "(" + (parameter == null ? "" : Literal.format(parameter) + ", ") + range + ")"
                    + (grouping == null ? "" : " " + grouping);
        }
    }

    /** {@code op [grouping] ([k,] inner)}; {@code parameter} is k of topk and bottomk. */
    record VectorAggregation(VectorOp op, Grouping grouping, Double parameter, MetricQuery inner)
            implements MetricQuery {
        @Override
        public String toString() {
            return op.text + (grouping == null ? (parameter == null ? " " : "") : " " + grouping + " ") + "("
                    + (parameter == null ? "" : Literal.format(parameter) + ", ") + inner + ")";
        }
    }

    /** Vector matching of a binary operation: {@code on}/{@code ignoring} and {@code group_left}/{@code group_right}. */
    record VectorMatching(boolean on, List<String> labels, String group, List<String> include) {
        public VectorMatching {
            labels = List.copyOf(labels);
            include = List.copyOf(include);
        }

        @Override
        public String toString() {
            String s = (on ? "on (" : "ignoring (") + String.join(", ", labels) + ")";
            if (group != null) {
                s += " group_" + group + (include.isEmpty() ? "" : " (" + String.join(", ", include) + ")");
            }
            return s;
        }
    }

    /** {@code lhs op [bool] [matching] rhs}. */
    record BinaryOp(String op, boolean returnBool, VectorMatching matching, MetricQuery lhs, MetricQuery rhs)
            implements MetricQuery {
        public boolean comparison() {
            return switch (op) {
                case "==", "!=", ">", ">=", "<", "<=" -> true;
                default -> false;
            };
        }

        public boolean setOperation() {
            return op.equals("and") || op.equals("or") || op.equals("unless");
        }

        @Override
        public String toString() {
            return side(lhs) + " " + op + (returnBool ? " bool" : "") + (matching == null ? "" : " " + matching) + " "
                    + side(rhs);
        }

        private static String side(MetricQuery q) {
            return q instanceof BinaryOp ? "(" + q + ")" : q.toString();
        }
    }

    record Literal(double value) implements MetricQuery {
        static String format(double v) {
            if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
                return Long.toString((long) v);
            }
            return Double.toString(v);
        }

        @Override
        public String toString() {
            return format(value);
        }
    }

    /** {@code vector(1)}: one series without labels at every step. */
    record VectorLiteral(double value) implements MetricQuery {
        @Override
        public String toString() {
            return "vector(" + Literal.format(value) + ")";
        }
    }

    /** {@code label_replace(v, "dst", "replacement", "src", "regex")}, the regex anchored. */
    record LabelReplace(MetricQuery inner, String destination, String replacement, String source, String regex)
            implements MetricQuery {
        /**
         * The replacement as a function over label sets, its regex compiled once: a set comes back
         * unchanged when the regex does not match its source label.
         */
        public UnaryOperator<Labels> replacer() {
            Pattern p = Pattern.compile("^(?:" + regex + ")$", Pattern.DOTALL);
            return labels -> {
                String src = labels.get(source);
                com.google.re2j.Matcher m = p.matcher(src == null ? "" : src);
                if (!m.matches()) {
                    return labels;
                }
                StringBuilder b = new StringBuilder();
                GoRegex.expand(replacement, m, b);
                Map<String, String> map = new TreeMap<>();
                labels.asList().forEach(x -> map.put(x.name(), x.value()));
                if (b.length() == 0) {
                    map.remove(destination);
                } else {
                    map.put(destination, b.toString());
                }
                return Labels.of(map);
            };
        }

        @Override
        public String toString() {
            return "label_replace(" + inner + ", " + LineFilter.quote(destination) + ", "
                    + LineFilter.quote(replacement) + ", " + LineFilter.quote(source) + ", " + LineFilter.quote(regex)
                    + ")";
        }
    }
}
