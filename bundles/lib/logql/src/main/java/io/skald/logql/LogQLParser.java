// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * LogQL's parser: Loki's grammar run by an LALR(1) parser built the way goyacc builds Loki's, on
 * a lexer that cuts tokens as Loki's does, so that the same queries are accepted and refused with
 * the same texts: {@code parse error at line L, col C: syntax error: unexpected …} for what the
 * grammar refuses, {@code parse error : …} (no position) for what Loki finds while building or
 * validating the tree. Every malformed input ends in a {@link ParseException}.
 */
public final class LogQLParser {
    public static final String EMPTY_COMPATIBLE =
            "queries require at least one regexp or equality matcher that does not "
                    + "have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will";
    /** Loki refuses queries of this many bytes and more. */
    static final int MAX_INPUT_SIZE = 131072;

    private static final LalrParser PARSER = new LalrParser(new ParseTables(grammar()));

    private LogQLParser() {}

    private static Grammar grammar() {
        Grammar g = new Grammar("root")
                .precedence(Grammar.Assoc.LEFT, TokenType.OR)
                .precedence(Grammar.Assoc.LEFT, TokenType.AND, TokenType.UNLESS)
                .precedence(
                        Grammar.Assoc.LEFT,
                        TokenType.CMP_EQ,
                        TokenType.NEQ,
                        TokenType.LT,
                        TokenType.LTE,
                        TokenType.GT,
                        TokenType.GTE)
                .precedence(Grammar.Assoc.LEFT, TokenType.ADD, TokenType.SUB)
                .precedence(Grammar.Assoc.LEFT, TokenType.MUL, TokenType.DIV, TokenType.MOD)
                .precedence(Grammar.Assoc.RIGHT, TokenType.POW);
        g.rule("root", "expr", Grammar.pass(0))
                .rule("expr", "logExpr", Grammar.pass(0))
                .rule("expr", "metricExpr", Grammar.pass(0))
                .rule("logExpr", "selector", v -> PipelineRules.logQuery(matchers(v[0]), null))
                .rule(
                        "logExpr",
                        "selector pipelineExpr",
                        v -> PipelineRules.logQuery(matchers(v[0]), (PipelineRules.Pipeline) v[1]))
                .rule("logExpr", "OPEN_PARENTHESIS logExpr CLOSE_PARENTHESIS", Grammar.pass(1));
        MetricRules.add(g);
        PipelineRules.add(g);
        MetricRules.addOperators(g);
        return g;
    }

    @SuppressWarnings("unchecked")
    private static List<Matcher> matchers(Object o) {
        return (List<Matcher>) o;
    }

    /** Either a {@link LogQuery} or a {@link MetricQuery}. */
    public static Object parse(String query) throws ParseException {
        Object expr = parseWithoutValidation(query);
        validate(expr);
        return expr instanceof MetricRules.Sample s ? s.value() : expr;
    }

    private static Object parseWithoutValidation(String query) throws ParseException {
        int bytes = query.getBytes(StandardCharsets.UTF_8).length;
        if (bytes >= MAX_INPUT_SIZE) {
            throw new ParseException("parse error : input size too long (" + bytes + " > " + MAX_INPUT_SIZE + ")");
        }
        try {
            return PARSER.parse(new Lexer(query));
        } catch (StackOverflowError e) {
            throw new ParseException("parse error : expression nested too deeply");
        }
    }

    /** Loki's checks after parsing, in its order: each node's own error, then its children's, then the selectors. */
    private static void validate(Object expr) throws ParseException {
        if (expr instanceof LogQuery q) {
            validateMatchers(q);
            return;
        }
        MetricRules.Sample s = (MetricRules.Sample) expr;
        if (s.error() != null) {
            throw s.error();
        }
        for (Object child : s.children()) {
            validate(child);
        }
    }

    private static void validateMatchers(LogQuery q) throws ParseException {
        for (Matcher m : q.matchers()) {
            if (!m.matches("")) {
                return;
            }
        }
        throw new ParseException("parse error : " + EMPTY_COMPATIBLE);
    }

    /** A log query; a metric query is refused as Loki refuses it where only log selectors go. */
    public static LogQuery parseLogQuery(String query) throws ParseException {
        Object expr = parseWithoutValidation(query);
        if (!(expr instanceof LogQuery q)) {
            throw new ParseException("only log selector is supported");
        }
        validateMatchers(q);
        return q;
    }

    /** Only label matchers, for {@code match[]} of the series API and {@code query} of the label APIs. */
    public static List<Matcher> parseSelector(String selector) throws ParseException {
        LogQuery q = parseLogQuery(selector);
        if (!q.filters().isEmpty() || !q.stages().isEmpty()) {
            throw new ParseException("only label matchers are supported");
        }
        return q.matchers();
    }
}
