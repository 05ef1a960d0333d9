// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The metric half of LogQL's grammar as Loki has it: log ranges (with the parenthesised and
 * unwrap/offset orders it allows), range and vector aggregations, binary operations (literal
 * operands folded at parse time, as Loki does), literals, {@code vector()}, {@code label_replace()}.
 * Like Loki, most semantic errors are kept on the node and reported after parsing, in tree order.
 */
final class MetricRules {
    private MetricRules() {}

    /** A metric node, or the error Loki stores on it; {@code children} are checked after it, in order. */
    record Sample(MetricQuery value, ParseException error, List<Object> children) {
        static Sample ok(MetricQuery value, Object... children) {
            return new Sample(value, null, List.of(children));
        }

        static Sample failed(String message) {
            return new Sample(null, PipelineRules.error(message), List.of());
        }
    }

    private record Modifier(boolean returnBool, MetricQuery.VectorMatching matching) {}

    private record Offset(Lexer.Token duration) {}

    static void add(Grammar g) {
        g.rule("metricExpr", "rangeAggregationExpr", Grammar.pass(0))
                .rule("metricExpr", "vectorAggregationExpr", Grammar.pass(0))
                .rule("metricExpr", "binOpExpr", Grammar.pass(0))
                .rule("metricExpr", "literalExpr", Grammar.pass(0))
                .rule("metricExpr", "labelReplaceExpr", Grammar.pass(0))
                .rule("metricExpr", "vectorExpr", Grammar.pass(0))
                .rule("metricExpr", "OPEN_PARENTHESIS metricExpr CLOSE_PARENTHESIS", Grammar.pass(1));
        for (String form : List.of(
                "selector RANGE",
                "selector RANGE offsetExpr",
                "OPEN_PARENTHESIS selector CLOSE_PARENTHESIS RANGE",
                "OPEN_PARENTHESIS selector CLOSE_PARENTHESIS RANGE offsetExpr",
                "selector RANGE unwrapExpr",
                "selector RANGE offsetExpr unwrapExpr",
                "OPEN_PARENTHESIS selector CLOSE_PARENTHESIS RANGE unwrapExpr",
                "OPEN_PARENTHESIS selector CLOSE_PARENTHESIS RANGE offsetExpr unwrapExpr",
                "selector unwrapExpr RANGE",
                "selector unwrapExpr RANGE offsetExpr",
                "OPEN_PARENTHESIS selector unwrapExpr CLOSE_PARENTHESIS RANGE",
                "OPEN_PARENTHESIS selector unwrapExpr CLOSE_PARENTHESIS RANGE offsetExpr",
                "selector pipelineExpr RANGE",
                "selector pipelineExpr RANGE offsetExpr",
                "OPEN_PARENTHESIS selector pipelineExpr CLOSE_PARENTHESIS RANGE",
                "OPEN_PARENTHESIS selector pipelineExpr CLOSE_PARENTHESIS RANGE offsetExpr",
                "selector pipelineExpr unwrapExpr RANGE",
                "selector pipelineExpr unwrapExpr RANGE offsetExpr",
                "OPEN_PARENTHESIS selector pipelineExpr unwrapExpr CLOSE_PARENTHESIS RANGE",
                "OPEN_PARENTHESIS selector pipelineExpr unwrapExpr CLOSE_PARENTHESIS RANGE offsetExpr",
                "selector RANGE pipelineExpr",
                "selector RANGE offsetExpr pipelineExpr",
                "selector RANGE pipelineExpr unwrapExpr",
                "selector RANGE offsetExpr pipelineExpr unwrapExpr")) {
            g.rule("logRangeExpr", form, MetricRules::logRange);
        }
        g.rule("logRangeExpr", "OPEN_PARENTHESIS logRangeExpr CLOSE_PARENTHESIS", Grammar.pass(1))
                .rule("logRangeExpr", "logRangeExpr ERROR", Grammar.pass(0))
                .rule(
                        "unwrapExpr",
                        "PIPE UNWRAP IDENTIFIER",
                        v -> new MetricQuery.Unwrap(PipelineRules.text(v[2]), "", List.of()))
                .rule(
                        "unwrapExpr",
                        "PIPE UNWRAP convOp OPEN_PARENTHESIS IDENTIFIER CLOSE_PARENTHESIS",
                        v -> new MetricQuery.Unwrap(PipelineRules.text(v[4]), (String) v[2], List.of()))
                .rule("unwrapExpr", "unwrapExpr PIPE labelFilter", v -> {
                    MetricQuery.Unwrap u = (MetricQuery.Unwrap) v[0];
                    List<Stage> post = new ArrayList<>(u.postFilters());
                    post.add((Stage) v[2]);
                    return new MetricQuery.Unwrap(u.label(), u.conversion(), post);
                })
                .rule("convOp", "BYTES_CONV", v -> "bytes")
                .rule("convOp", "DURATION_CONV", v -> "duration")
                .rule("convOp", "DURATION_SECONDS_CONV", v -> "duration_seconds")
                .rule(
                        "rangeAggregationExpr",
                        "rangeOp OPEN_PARENTHESIS logRangeExpr CLOSE_PARENTHESIS",
                        v -> range(v[0], v[2], null, null))
                .rule(
                        "rangeAggregationExpr",
                        "rangeOp OPEN_PARENTHESIS NUMBER COMMA logRangeExpr CLOSE_PARENTHESIS",
                        v -> range(v[0], v[4], null, v[2]))
                .rule(
                        "rangeAggregationExpr",
                        "rangeOp OPEN_PARENTHESIS logRangeExpr CLOSE_PARENTHESIS grouping",
                        v -> range(v[0], v[2], v[4], null))
                .rule(
                        "rangeAggregationExpr",
                        "rangeOp OPEN_PARENTHESIS NUMBER COMMA logRangeExpr CLOSE_PARENTHESIS grouping",
                        v -> range(v[0], v[4], v[6], v[2]))
                .rule(
                        "vectorAggregationExpr",
                        "vectorOp OPEN_PARENTHESIS metricExpr CLOSE_PARENTHESIS",
                        v -> vector(v[0], v[2], null, null))
                .rule(
                        "vectorAggregationExpr",
                        "vectorOp grouping OPEN_PARENTHESIS metricExpr CLOSE_PARENTHESIS",
                        v -> vector(v[0], v[3], v[1], null))
                .rule(
                        "vectorAggregationExpr",
                        "vectorOp OPEN_PARENTHESIS metricExpr CLOSE_PARENTHESIS grouping",
                        v -> vector(v[0], v[2], v[4], null))
                .rule(
                        "vectorAggregationExpr",
                        "vectorOp OPEN_PARENTHESIS NUMBER COMMA metricExpr CLOSE_PARENTHESIS",
                        v -> vector(v[0], v[4], null, v[2]))
                .rule(
                        "vectorAggregationExpr",
                        "vectorOp OPEN_PARENTHESIS NUMBER COMMA metricExpr CLOSE_PARENTHESIS grouping",
                        v -> vector(v[0], v[4], v[6], v[2]))
                .rule(
                        "vectorAggregationExpr",
                        "vectorOp grouping OPEN_PARENTHESIS NUMBER COMMA metricExpr CLOSE_PARENTHESIS",
                        v -> vector(v[0], v[5], v[1], v[3]))
                .rule(
                        "labelReplaceExpr",
                        "LABEL_REPLACE OPEN_PARENTHESIS metricExpr COMMA STRING COMMA STRING COMMA STRING COMMA STRING "
                                + "CLOSE_PARENTHESIS",
                        MetricRules::labelReplace);
    }

    /** The rules that come after the log half in Loki's grammar: operators, literals, op names, groupings. */
    static void addOperators(Grammar g) {
        for (String op : List.of(
                "OR", "AND", "UNLESS", "ADD", "SUB", "MUL", "DIV", "MOD", "POW", "CMP_EQ", "NEQ", "GT", "GTE", "LT",
                "LTE")) {
            g.rule(
                    "binOpExpr",
                    "expr " + op + " binOpModifier expr",
                    v -> BinaryFolding.binary(
                            ((Lexer.Token) v[1]).type().display,
                            ((Modifier) v[2]).returnBool(),
                            ((Modifier) v[2]).matching(),
                            v[0],
                            v[3]));
        }
        g.rule("boolModifier", "", v -> new Modifier(false, null))
                .rule("boolModifier", "BOOL", v -> new Modifier(true, null))
                .rule(
                        "onOrIgnoringModifier",
                        "boolModifier ON OPEN_PARENTHESIS labels CLOSE_PARENTHESIS",
                        v -> matching(v[0], true, v[3]))
                .rule(
                        "onOrIgnoringModifier",
                        "boolModifier ON OPEN_PARENTHESIS CLOSE_PARENTHESIS",
                        v -> matching(v[0], true, List.of()))
                .rule(
                        "onOrIgnoringModifier",
                        "boolModifier IGNORING OPEN_PARENTHESIS labels CLOSE_PARENTHESIS",
                        v -> matching(v[0], false, v[3]))
                .rule(
                        "onOrIgnoringModifier",
                        "boolModifier IGNORING OPEN_PARENTHESIS CLOSE_PARENTHESIS",
                        v -> matching(v[0], false, List.of()))
                .rule("binOpModifier", "boolModifier", Grammar.pass(0))
                .rule("binOpModifier", "onOrIgnoringModifier", Grammar.pass(0));
        for (String side : List.of("left", "right")) {
            String token = "GROUP_" + side.toUpperCase(Locale.ROOT);
            g.rule("binOpModifier", "onOrIgnoringModifier " + token, v -> group(v[0], side, List.of()))
                    .rule(
                            "binOpModifier",
                            "onOrIgnoringModifier " + token + " OPEN_PARENTHESIS CLOSE_PARENTHESIS",
                            v -> group(v[0], side, List.of()))
                    .rule(
                            "binOpModifier",
                            "onOrIgnoringModifier " + token + " OPEN_PARENTHESIS labels CLOSE_PARENTHESIS",
                            v -> group(v[0], side, v[3]));
        }
        g.rule("literalExpr", "NUMBER", v -> literal(v[0], false))
                .rule("literalExpr", "ADD NUMBER", v -> literal(v[1], false))
                .rule("literalExpr", "SUB NUMBER", v -> literal(v[1], true))
                .rule("vectorExpr", "vector OPEN_PARENTHESIS NUMBER CLOSE_PARENTHESIS", v -> {
                    try {
                        return Sample.ok(new MetricQuery.VectorLiteral(GoNumbers.parseFloat(PipelineRules.text(v[2]))));
                    } catch (IllegalArgumentException e) {
                        return Sample.failed("unable to parse vectorExpr as a float: " + e.getMessage());
                    }
                })
                .rule("vector", "VECTOR", Grammar.pass(0));
        for (MetricQuery.VectorOp op : MetricQuery.VectorOp.values()) {
            g.rule("vectorOp", op.name(), v -> op);
        }
        for (MetricQuery.RangeOp op : MetricQuery.RangeOp.values()) {
            g.rule("rangeOp", op.name(), v -> op);
        }
        g.rule("offsetExpr", "OFFSET DURATION", v -> new Offset((Lexer.Token) v[1]))
                .rule("labels", "IDENTIFIER", v -> new ArrayList<>(List.of(PipelineRules.text(v[0]))))
                .rule("labels", "labels COMMA IDENTIFIER", v -> {
                    @SuppressWarnings("unchecked")
                    List<String> labels = (List<String>) v[0];
                    labels.add(PipelineRules.text(v[2]));
                    return labels;
                })
                .rule("grouping", "BY OPEN_PARENTHESIS labels CLOSE_PARENTHESIS", v -> grouping(false, v[2]))
                .rule("grouping", "WITHOUT OPEN_PARENTHESIS labels CLOSE_PARENTHESIS", v -> grouping(true, v[2]))
                .rule("grouping", "BY OPEN_PARENTHESIS CLOSE_PARENTHESIS", v -> grouping(false, List.of()))
                .rule("grouping", "WITHOUT OPEN_PARENTHESIS CLOSE_PARENTHESIS", v -> grouping(true, List.of()));
    }

    @SuppressWarnings("unchecked")
    private static MetricQuery.Grouping grouping(boolean without, Object labels) {
        return new MetricQuery.Grouping(without, (List<String>) labels);
    }

    @SuppressWarnings("unchecked")
    private static Modifier matching(Object bool, boolean on, Object labels) {
        return new Modifier(
                ((Modifier) bool).returnBool(),
                new MetricQuery.VectorMatching(on, (List<String>) labels, null, List.of()));
    }

    @SuppressWarnings("unchecked")
    private static Modifier group(Object modifier, String side, Object include) {
        Modifier m = (Modifier) modifier;
        MetricQuery.VectorMatching v = m.matching();
        return new Modifier(
                m.returnBool(), new MetricQuery.VectorMatching(v.on(), v.labels(), side, (List<String>) include));
    }

    private static Sample literal(Object number, boolean negate) {
        try {
            double v = GoNumbers.parseFloat(PipelineRules.text(number));
            return Sample.ok(new MetricQuery.Literal(negate ? -v : v));
        } catch (IllegalArgumentException e) {
            return Sample.failed("unable to parse literal as a float: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Object logRange(Object[] v) throws ParseException {
        List<Matcher> matchers = null;
        PipelineRules.Pipeline pipeline = null;
        MetricQuery.Unwrap unwrap = null;
        Lexer.Token range = null;
        Lexer.Token offset = null;
        for (Object o : v) {
            if (o instanceof PipelineRules.Pipeline p) {
                pipeline = p;
            } else if (o instanceof List<?> l) {
                matchers = (List<Matcher>) l;
            } else if (o instanceof MetricQuery.Unwrap u) {
                unwrap = u;
            } else if (o instanceof Offset off) {
                offset = off.duration();
            } else if (o instanceof Lexer.Token t && t.type() == TokenType.RANGE) {
                range = t;
            }
        }
        return new MetricQuery.LogRange(
                PipelineRules.logQuery(matchers, pipeline),
                unwrap,
                range.value(),
                range.text(),
                offset == null ? 0 : offset.value(),
                offset == null ? null : offset.text());
    }

    private static Sample range(Object op, Object logRange, Object grouping, Object parameter) {
        MetricQuery.RangeOp rangeOp = (MetricQuery.RangeOp) op;
        MetricQuery.LogRange r = (MetricQuery.LogRange) logRange;
        String name = rangeOp.text;
        Double value = null;
        if (parameter != null) {
            if (rangeOp != MetricQuery.RangeOp.QUANTILE_OVER_TIME) {
                return Sample.failed(
                        "parameter " + PipelineRules.text(parameter) + " not supported for operation " + name);
            }
            try {
                value = GoNumbers.parseFloat(PipelineRules.text(parameter));
            } catch (IllegalArgumentException e) {
                return Sample.failed("invalid parameter for operation " + name + ": " + e.getMessage());
            }
        } else if (rangeOp == MetricQuery.RangeOp.QUANTILE_OVER_TIME) {
            return Sample.failed("parameter required for operation " + name);
        }
        boolean groupable = switch (rangeOp) {
            case AVG_OVER_TIME,
                    STDDEV_OVER_TIME,
                    STDVAR_OVER_TIME,
                    QUANTILE_OVER_TIME,
                    MAX_OVER_TIME,
                    MIN_OVER_TIME,
                    FIRST_OVER_TIME,
                    LAST_OVER_TIME -> true;
            default -> false;
        };
        if (grouping != null && !groupable) {
            return Sample.failed("grouping not allowed for " + name + " aggregation");
        }
        boolean withoutUnwrap = switch (rangeOp) {
            case BYTES_OVER_TIME, BYTES_RATE, COUNT_OVER_TIME, RATE, ABSENT_OVER_TIME -> true;
            default -> false;
        };
        boolean withUnwrap = switch (rangeOp) {
            case COUNT_OVER_TIME, BYTES_OVER_TIME, BYTES_RATE -> false;
            default -> true;
        };
        if (r.unwrap() != null && !withUnwrap) {
            return Sample.failed("invalid aggregation " + name + " with unwrap");
        }
        if (r.unwrap() == null && !withoutUnwrap) {
            return Sample.failed("invalid aggregation " + name + " without unwrap");
        }
        return Sample.ok(
                new MetricQuery.RangeAggregation(rangeOp, r, value, (MetricQuery.Grouping) grouping), r.query());
    }

    private static Sample vector(Object op, Object inner, Object grouping, Object parameter) {
        MetricQuery.VectorOp vectorOp = (MetricQuery.VectorOp) op;
        String name = vectorOp.text;
        Double value = null;
        if (vectorOp.takesParameter()) {
            if (parameter == null) {
                return Sample.failed("parameter required for operation " + name);
            }
            String p = PipelineRules.text(parameter);
            long k;
            try {
                k = GoNumbers.atoi(p);
            } catch (IllegalArgumentException e) {
                return Sample.failed("invalid parameter " + name + "(" + p + ",");
            }
            if (k <= 0) {
                return Sample.failed("invalid parameter (must be greater than 0) " + name + "(" + p);
            }
            if (vectorOp == MetricQuery.VectorOp.APPROX_TOPK && grouping != null) {
                return Sample.failed("grouping not allowed for " + name + " aggregation");
            }
            value = (double) k;
        } else if (parameter != null) {
            return Sample.failed(
                    "unsupported parameter for operation " + name + "(" + PipelineRules.text(parameter) + ",");
        }
        MetricQuery.Grouping g = (MetricQuery.Grouping) grouping;
        if ((vectorOp == MetricQuery.VectorOp.SORT || vectorOp == MetricQuery.VectorOp.SORT_DESC)
                && g != null
                && !g.labels().isEmpty()) {
            // Loki checks this after the node's own error, when it validates the tree
            return new Sample(null, PipelineRules.error("sort and sort_desc doesn't allow grouping by "), List.of());
        }
        Sample in = (Sample) inner;
        return new Sample(
                in.value() == null ? null : new MetricQuery.VectorAggregation(vectorOp, g, value, in.value()),
                null,
                List.of(inner));
    }

    private static Object labelReplace(Object[] v) {
        String regex = PipelineRules.text(v[10]);
        try {
            Pattern.compile("^(?:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            return Sample.failed("invalid regex in label_replace: " + e.getMessage());
        }
        Sample in = (Sample) v[2];
        MetricQuery value = in.value() == null
                ? null
                : new MetricQuery.LabelReplace(
                        in.value(),
                        PipelineRules.text(v[4]),
                        PipelineRules.text(v[6]),
                        PipelineRules.text(v[8]),
                        regex);
        return new Sample(value, null, List.of(in));
    }
}
