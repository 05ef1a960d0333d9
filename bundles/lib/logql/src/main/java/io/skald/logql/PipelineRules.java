// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The log half of LogQL's grammar, production for production as Loki's grammar has it (selectors,
 * line filters with {@code or}, parsers, label filters, formatters, unwrap), with reduce actions
 * that build Skald's stages. Errors Loki raises while it reduces (a bad matcher regex, a bad
 * regexp or pattern parser) are raised here too, without a position.
 */
final class PipelineRules {
    private PipelineRules() {}

    /** One line filter with its {@code or} alternatives; each alternative is a string or an ip() argument. */
    static final class FilterChain {
        LineFilter.Op op;
        final List<String> values = new ArrayList<>();
        final List<Boolean> ip = new ArrayList<>();

        FilterChain add(String value, boolean isIp) {
            values.add(value);
            ip.add(isIp);
            return this;
        }

        LineFilter build() throws ParseException {
            boolean[] flags = new boolean[ip.size()];
            for (int i = 0; i < flags.length; i++) {
                flags[i] = ip.get(i);
            }
            try {
                return new LineFilter(op, values, flags);
            } catch (IllegalArgumentException e) {
                throw new ParseException("parse error : " + e.getMessage());
            }
        }
    }

    /** The stages after a selector, in order: {@link FilterChain}s and {@link Stage}s. */
    record Pipeline(List<Object> items) {}

    static String text(Object token) {
        return ((Lexer.Token) token).text();
    }

    static ParseException error(String message) {
        return new ParseException("parse error : " + message);
    }

    static Matcher matcher(Matcher.Type type, Object name, Object value) throws ParseException {
        String v = text(value);
        if (type == Matcher.Type.RE || type == Matcher.Type.NRE) {
            try {
                Pattern.compile(v); // Prometheus reports the error on the value as written
            } catch (PatternSyntaxException e) {
                throw error(e.getMessage());
            }
        }
        return new Matcher(text(name), type, v);
    }

    static LogQuery logQuery(List<Matcher> matchers, Pipeline pipeline) throws ParseException {
        List<LineFilter> filters = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        for (Object item : pipeline == null ? List.of() : pipeline.items()) {
            if (item instanceof FilterChain chain) {
                LineFilter f = chain.build();
                if (stages.isEmpty()) {
                    filters.add(f); // runs on raw bytes, before anything is parsed
                } else {
                    stages.add(f);
                }
            } else {
                stages.add((Stage) item);
            }
        }
        return new LogQuery(matchers == null ? List.of() : matchers, filters, stages);
    }

    @SuppressWarnings("unchecked")
    static void add(Grammar g) {
        g.rule("selector", "OPEN_BRACE matchers CLOSE_BRACE", Grammar.pass(1))
                .rule("selector", "OPEN_BRACE matchers ERROR", Grammar.pass(1))
                .rule("selector", "OPEN_BRACE CLOSE_BRACE", v -> List.of())
                .rule("matchers", "matcher", v -> new ArrayList<>(List.of((Matcher) v[0])))
                .rule("matchers", "matchers COMMA matcher", v -> {
                    ((List<Matcher>) v[0]).add((Matcher) v[2]);
                    return v[0];
                })
                .rule("matcher", "IDENTIFIER EQ STRING", v -> matcher(Matcher.Type.EQ, v[0], v[2]))
                .rule("matcher", "IDENTIFIER NEQ STRING", v -> matcher(Matcher.Type.NEQ, v[0], v[2]))
                .rule("matcher", "IDENTIFIER RE STRING", v -> matcher(Matcher.Type.RE, v[0], v[2]))
                .rule("matcher", "IDENTIFIER NRE STRING", v -> matcher(Matcher.Type.NRE, v[0], v[2]))
                .rule("pipelineExpr", "pipelineStage", v -> new Pipeline(new ArrayList<>(stageItems(v[0]))))
                .rule("pipelineExpr", "pipelineExpr pipelineStage", v -> {
                    ((Pipeline) v[0]).items().addAll(stageItems(v[1]));
                    return v[0];
                })
                .rule("pipelineStage", "lineFilters", Grammar.pass(0));
        for (String stage : List.of(
                "logfmtParser",
                "labelParser",
                "jsonExpressionParser",
                "logfmtExpressionParser",
                "lineFormatExpr",
                "decolorizeExpr",
                "labelFormatExpr",
                "dropLabelsExpr",
                "keepLabelsExpr")) {
            g.rule("pipelineStage", "PIPE " + stage, Grammar.pass(1));
        }
        g.rule("pipelineStage", "PIPE labelFilter", Grammar.pass(1));
        lineFilters(g);
        parsers(g);
        labelFilters(g);
        formatters(g);
    }

    private static List<Object> stageItems(Object stage) {
        return stage instanceof List<?> chains ? new ArrayList<>(chains) : List.of(stage);
    }

    private static void lineFilters(Grammar g) {
        String[][] filters = {
            {"PIPE_MATCH", "MATCHES"},
            {"PIPE_EXACT", "CONTAINS"},
            {"PIPE_PATTERN", "PATTERN"},
            {"NRE", "NOT_MATCHES"},
            {"NEQ", "NOT_CONTAINS"},
            {"NPA", "NOT_PATTERN"}
        };
        for (String[] f : filters) {
            LineFilter.Op op = LineFilter.Op.valueOf(f[1]);
            g.rule("filter", f[0], v -> op);
        }
        g.rule("filterOp", "IP", Grammar.pass(0))
                .rule("orFilter", "STRING", v -> new FilterChain().add(text(v[0]), false))
                .rule("orFilter", "STRING OR orFilter", v -> {
                    FilterChain rest = (FilterChain) v[2];
                    rest.values.add(0, text(v[0]));
                    rest.ip.add(0, false);
                    return rest;
                })
                .rule(
                        "orFilter",
                        "filterOp OPEN_PARENTHESIS STRING CLOSE_PARENTHESIS",
                        v -> new FilterChain().add(text(v[2]), true))
                .rule("lineFilter", "filter STRING", v -> chain(v[0]).add(text(v[1]), false))
                .rule(
                        "lineFilter",
                        "filter filterOp OPEN_PARENTHESIS STRING CLOSE_PARENTHESIS",
                        v -> chain(v[0]).add(text(v[3]), true))
                .rule("lineFilter", "lineFilter OR orFilter", v -> {
                    FilterChain left = (FilterChain) v[0];
                    FilterChain right = (FilterChain) v[2];
                    left.values.addAll(right.values);
                    left.ip.addAll(right.ip);
                    return left;
                })
                .rule("lineFilters", "lineFilter", v -> new ArrayList<>(List.of(v[0])))
                .rule("lineFilters", "lineFilters lineFilter", v -> {
                    @SuppressWarnings("unchecked")
                    List<Object> list = (List<Object>) v[0];
                    list.add(v[1]);
                    return list;
                });
    }

    private static FilterChain chain(Object op) {
        FilterChain c = new FilterChain();
        c.op = (LineFilter.Op) op;
        return c;
    }

    @SuppressWarnings("unchecked")
    private static void parsers(Grammar g) {
        g.rule("parserFlags", "FUNCTION_FLAG", v -> new ArrayList<>(List.of(text(v[0]))))
                .rule("parserFlags", "parserFlags FUNCTION_FLAG", v -> {
                    ((List<String>) v[0]).add(text(v[1]));
                    return v[0];
                })
                .rule("logfmtParser", "LOGFMT", v -> logfmt(List.of(), List.of()))
                .rule("logfmtParser", "LOGFMT parserFlags", v -> logfmt((List<String>) v[1], List.of()))
                .rule("labelParser", "JSON", v -> new Parsers.Json(List.of()))
                .rule("labelParser", "REGEXP STRING", v -> regexpParser(text(v[1])))
                .rule("labelParser", "UNPACK", v -> new Parsers.Unpack())
                .rule("labelParser", "PATTERN STRING", v -> patternParser(text(v[1])))
                .rule(
                        "jsonExpressionParser",
                        "JSON labelExtractionExpressionList",
                        v -> new Parsers.Json((List<Parsers.Param>) v[1]))
                .rule(
                        "logfmtExpressionParser",
                        "LOGFMT parserFlags labelExtractionExpressionList",
                        v -> logfmt((List<String>) v[1], (List<Parsers.Param>) v[2]))
                .rule(
                        "logfmtExpressionParser",
                        "LOGFMT labelExtractionExpressionList",
                        v -> logfmt(List.of(), (List<Parsers.Param>) v[1]))
                .rule(
                        "labelExtractionExpression",
                        "IDENTIFIER EQ STRING",
                        v -> new Parsers.Param(text(v[0]), text(v[2])))
                .rule("labelExtractionExpression", "IDENTIFIER", v -> new Parsers.Param(text(v[0]), null))
                .rule("labelExtractionExpressionList", "labelExtractionExpression", v -> new ArrayList<>(List.of(v[0])))
                .rule(
                        "labelExtractionExpressionList",
                        "labelExtractionExpressionList COMMA labelExtractionExpression",
                        v -> {
                            ((List<Object>) v[0]).add(v[2]);
                            return v[0];
                        });
    }

    private static Stage logfmt(List<String> flags, List<Parsers.Param> params) {
        return new LogfmtStage(flags.contains("--strict"), flags.contains("--keep-empty"), params);
    }

    private static Stage regexpParser(String regex) throws ParseException {
        try {
            Pattern.compile(regex);
            return new Parsers.Regexp(regex);
        } catch (PatternSyntaxException e) {
            throw error("invalid regexp parser: " + e.getMessage());
        } catch (ParseException e) {
            throw error("invalid regexp parser: " + e.getMessage().replace("parse error : ", ""));
        }
    }

    private static Stage patternParser(String pattern) throws ParseException {
        try {
            return new Parsers.PatternParser(pattern);
        } catch (ParseException e) {
            throw error("invalid pattern parser: " + e.getMessage().replace("parse error : ", ""));
        }
    }

    private static void labelFilters(Grammar g) {
        g.rule("labelFilter", "matcher", v -> new LabelFilter.Str((Matcher) v[0]))
                .rule("labelFilter", "ipLabelFilter", Grammar.pass(0))
                .rule("labelFilter", "unitFilter", Grammar.pass(0))
                .rule("labelFilter", "numberFilter", Grammar.pass(0))
                .rule("labelFilter", "OPEN_PARENTHESIS labelFilter CLOSE_PARENTHESIS", Grammar.pass(1))
                .rule(
                        "labelFilter",
                        "labelFilter labelFilter",
                        v -> new LabelFilter.Binary((LabelFilter) v[0], true, (LabelFilter) v[1]))
                .rule(
                        "labelFilter",
                        "labelFilter AND labelFilter",
                        v -> new LabelFilter.Binary((LabelFilter) v[0], true, (LabelFilter) v[2]))
                .rule(
                        "labelFilter",
                        "labelFilter COMMA labelFilter",
                        v -> new LabelFilter.Binary((LabelFilter) v[0], true, (LabelFilter) v[2]))
                .rule(
                        "labelFilter",
                        "labelFilter OR labelFilter",
                        v -> new LabelFilter.Binary((LabelFilter) v[0], false, (LabelFilter) v[2]))
                .rule(
                        "ipLabelFilter",
                        "IDENTIFIER EQ IP OPEN_PARENTHESIS STRING CLOSE_PARENTHESIS",
                        v -> ipFilter(v[0], true, v[4]))
                .rule(
                        "ipLabelFilter",
                        "IDENTIFIER NEQ IP OPEN_PARENTHESIS STRING CLOSE_PARENTHESIS",
                        v -> ipFilter(v[0], false, v[4]))
                .rule("unitFilter", "durationFilter", Grammar.pass(0))
                .rule("unitFilter", "bytesFilter", Grammar.pass(0));
        String[][] ops = {
            {"GT", ">"}, {"GTE", ">="}, {"LT", "<"}, {"LTE", "<="}, {"NEQ", "!="}, {"EQ", "=="}, {"CMP_EQ", "=="}
        };
        for (String[] op : ops) {
            g.rule(
                    "durationFilter",
                    "IDENTIFIER " + op[0] + " DURATION",
                    v -> compare(v[0], op[1], LabelFilter.Kind.DURATION, text(v[2])));
        }
        for (String[] op : ops) {
            g.rule(
                    "bytesFilter",
                    "IDENTIFIER " + op[0] + " BYTES",
                    v -> compare(v[0], op[1], LabelFilter.Kind.BYTES, text(v[2])));
        }
        for (String[] op : ops) {
            g.rule("numberFilter", "IDENTIFIER " + op[0] + " literalExpr", v -> {
                MetricRules.Sample literal = (MetricRules.Sample) v[2];
                if (literal.error() != null) {
                    throw literal.error();
                }
                String value = MetricQuery.Literal.format(((MetricQuery.Literal) literal.value()).value());
                return compare(v[0], op[1], LabelFilter.Kind.NUMBER, value);
            });
        }
    }

    private static LabelFilter compare(Object name, String op, LabelFilter.Kind kind, String literal)
            throws ParseException {
        try {
            return new LabelFilter.Compare(text(name), op, kind, literal);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private static LabelFilter ipFilter(Object name, boolean equal, Object value) throws ParseException {
        try {
            return new LabelFilter.Ip(text(name), equal, new IpMatcher(text(value)));
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static void formatters(Grammar g) {
        g.rule("lineFormatExpr", "LINE_FMT STRING", v -> new Formatters.LineFormat(Template.parse(text(v[1]))))
                .rule("decolorizeExpr", "DECOLORIZE", v -> new Formatters.Decolorize())
                .rule(
                        "labelFormat",
                        "IDENTIFIER EQ IDENTIFIER",
                        v -> new Formatters.LabelFormatting(text(v[0]), text(v[2]), null))
                .rule(
                        "labelFormat",
                        "IDENTIFIER EQ STRING",
                        v -> new Formatters.LabelFormatting(text(v[0]), null, Template.parse(text(v[2]))))
                .rule("labelsFormat", "labelFormat", v -> new ArrayList<>(List.of(v[0])))
                .rule("labelsFormat", "labelsFormat COMMA labelFormat", v -> {
                    ((List<Object>) v[0]).add(v[2]);
                    return v[0];
                })
                .rule("labelsFormat", "labelsFormat COMMA ERROR", Grammar.pass(0))
                .rule(
                        "labelFormatExpr",
                        "LABEL_FMT labelsFormat",
                        v -> labelFormat((List<Formatters.LabelFormatting>) v[1]))
                .rule("namedMatcher", "IDENTIFIER", v -> new Formatters.NamedMatcher(text(v[0]), null))
                .rule(
                        "namedMatcher",
                        "matcher",
                        v -> new Formatters.NamedMatcher(((Matcher) v[0]).name(), (Matcher) v[0]))
                .rule("namedMatchers", "namedMatcher", v -> new ArrayList<>(List.of(v[0])))
                .rule("namedMatchers", "namedMatchers COMMA namedMatcher", v -> {
                    ((List<Object>) v[0]).add(v[2]);
                    return v[0];
                })
                .rule(
                        "dropLabelsExpr",
                        "DROP namedMatchers",
                        v -> new Formatters.Drop((List<Formatters.NamedMatcher>) v[1]))
                .rule(
                        "keepLabelsExpr",
                        "KEEP namedMatchers",
                        v -> new Formatters.Keep((List<Formatters.NamedMatcher>) v[1]));
    }

    private static Stage labelFormat(List<Formatters.LabelFormatting> formats) throws ParseException {
        Set<String> names = new HashSet<>();
        for (Formatters.LabelFormatting f : formats) {
            if (!names.add(f.name())) {
                throw error("multiple label name '" + f.name() + "' not allowed in a single format operation");
            }
        }
        return new Formatters.LabelFormat(formats);
    }
}
