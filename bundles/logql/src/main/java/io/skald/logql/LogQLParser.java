// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent parser for the LogQL implemented so far: a stream selector followed by line
 * filters. Errors name the line and column as Loki's do; what is valid LogQL but not yet supported
 * here is refused with a message that says so, rather than a misleading syntax error.
 */
public final class LogQLParser {
    public static final String EMPTY_COMPATIBLE = "queries require at least one regexp or equality matcher that does not "
            + "have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will";

    private final String text;
    private int pos;

    private LogQLParser(String text) {
        this.text = text;
    }

    /** Either a {@link LogQuery} or a {@link MetricQuery}. */
    public static Object parse(String query) throws ParseException {
        LogQLParser p = new LogQLParser(query);
        p.skipSpace();
        if (p.peek() == '{') {
            return parseLogQuery(query);
        }
        MetricQuery m = p.metric();
        p.skipSpace();
        if (p.pos < p.text.length()) {
            throw p.unexpected();
        }
        validate(m.logQuery());
        return m;
    }

    private static final java.util.Map<String, MetricQuery.RangeOp> RANGE_OPS = java.util.Map.of(
            "count_over_time", MetricQuery.RangeOp.COUNT_OVER_TIME, "rate", MetricQuery.RangeOp.RATE,
            "bytes_over_time", MetricQuery.RangeOp.BYTES_OVER_TIME, "bytes_rate", MetricQuery.RangeOp.BYTES_RATE);
    private static final java.util.Map<String, MetricQuery.VectorOp> VECTOR_OPS = java.util.Map.of(
            "sum", MetricQuery.VectorOp.SUM, "count", MetricQuery.VectorOp.COUNT, "min", MetricQuery.VectorOp.MIN,
            "max", MetricQuery.VectorOp.MAX, "avg", MetricQuery.VectorOp.AVG);

    private MetricQuery metric() throws ParseException {
        skipSpace();
        int at = pos;
        String name = Character.isLetter(peek()) ? identifier() : "";
        MetricQuery.RangeOp range = RANGE_OPS.get(name);
        MetricQuery.VectorOp vector = VECTOR_OPS.get(name);
        if (range == null && vector == null) {
            pos = at;
            if (name.isEmpty()) {
                throw unexpected();
            }
            throw unsupported("the function or operator '" + name + "'");
        }
        if (range != null) {
            skipSpace();
            expectChar('(');
            skipSpace();
            if (peek() != '{') {
                throw expected("{");
            }
            LogQuery inner = logQueryUntilRange();
            skipSpace();
            expectChar('[');
            int durationStart = pos;
            while (pos < text.length() && text.charAt(pos) != ']') {
                pos++;
            }
            String rangeText = text.substring(durationStart, pos).trim();
            long nanos;
            try {
                nanos = io.skald.spi.util.GoDuration.parse(rangeText).toNanos();
            } catch (IllegalArgumentException e) {
                pos = durationStart;
                throw error("syntax error: invalid duration \"" + rangeText + "\"");
            }
            expectChar(']');
            skipSpace();
            expectChar(')');
            return new MetricQuery.RangeAggregation(range, inner, nanos, rangeText);
        }
        skipSpace();
        List<String> grouping = new ArrayList<>();
        boolean grouped = false;
        boolean without = false;
        if (text.startsWith("by", pos) || text.startsWith("without", pos)) {
            without = text.startsWith("without", pos);
            pos += without ? 7 : 2;
            grouping = labelList();
            grouped = true;
            skipSpace();
        }
        expectChar('(');
        MetricQuery inner = metric();
        skipSpace();
        expectChar(')');
        skipSpace();
        if (!grouped && (text.startsWith("by", pos) || text.startsWith("without", pos))) {
            without = text.startsWith("without", pos);
            pos += without ? 7 : 2;
            grouping = labelList();
            grouped = true;
        }
        return new MetricQuery.VectorAggregation(vector, without, grouping, grouped, inner);
    }

    private List<String> labelList() throws ParseException {
        skipSpace();
        expectChar('(');
        List<String> out = new ArrayList<>();
        skipSpace();
        while (peek() != ')') {
            out.add(identifier());
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != ')') {
                throw expected(") or ,");
            }
        }
        pos++;
        return out;
    }

    private void expectChar(char c) throws ParseException {
        if (peek() != c) {
            throw expected(String.valueOf(c));
        }
        pos++;
    }

    /** A log query that ends where a range ({@code [5m]}) begins. */
    private LogQuery logQueryUntilRange() throws ParseException {
        return logQuery();
    }

    public static LogQuery parseLogQuery(String query) throws ParseException {
        LogQLParser p = new LogQLParser(query);
        LogQuery q = p.logQuery();
        p.skipSpace();
        if (p.pos < p.text.length()) {
            throw p.unexpected();
        }
        validate(q);
        return q;
    }

    /** Only label matchers, for {@code match[]} of the series API and {@code query} of the label APIs. */
    public static List<Matcher> parseSelector(String selector) throws ParseException {
        LogQuery q = parseLogQuery(selector);
        if (!q.filters().isEmpty()) {
            throw new ParseException("only label matchers are supported");
        }
        return q.matchers();
    }

    private static void validate(LogQuery q) throws ParseException {
        for (Matcher m : q.matchers()) {
            if ((m.type() == Matcher.Type.EQ || m.type() == Matcher.Type.RE) && !m.matches("")) {
                return;
            }
        }
        throw new ParseException("parse error : " + EMPTY_COMPATIBLE);
    }

    private LogQuery logQuery() throws ParseException {
        skipSpace();
        if (peek() != '{') {
            if (Character.isLetter(peek())) {
                throw error("syntax error: a metric query where a log query is expected");
            }
            throw unexpected();
        }
        List<Matcher> matchers = selector();
        List<LineFilter> filters = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                break;
            }
            LineFilter.Op op = filterOp();
            if (op == null) {
                if (peek() == '|') {
                    stages.add(stage());
                    continue;
                }
                break; // '[' of a range aggregation, ')' of a function, or the end
            }
            if (!stages.isEmpty()) {
                pos -= 2;
                throw unsupported("line filters after parsers or label filters");
            }
            List<String> values = new ArrayList<>();
            skipSpace();
            values.add(string("a string after " + op.symbol));
            while (true) {
                int mark = pos;
                skipSpace();
                if (text.startsWith("or", pos) && (pos + 2 >= text.length() || !Character.isLetterOrDigit(text.charAt(pos + 2)))) {
                    pos += 2;
                    skipSpace();
                    values.add(string("a string after or"));
                } else {
                    pos = mark;
                    break;
                }
            }
            if ((op == LineFilter.Op.MATCHES || op == LineFilter.Op.NOT_MATCHES)) {
                for (String v : values) {
                    try {
                        com.google.re2j.Pattern.compile(v);
                    } catch (com.google.re2j.PatternSyntaxException e) {
                        throw new ParseException("parse error : invalid regex " + LineFilter.quote(v) + ": " + e.getDescription());
                    }
                }
            }
            filters.add(new LineFilter(op, values));
        }
        return new LogQuery(matchers, filters, stages);
    }

    /** {@code | logfmt}, {@code | json} or a label filter {@code | name op value}. */
    private Stage stage() throws ParseException {
        pos++; // |
        skipSpace();
        int at = pos;
        String name = identifier();
        if (name.equals("logfmt") || name.equals("json")) {
            skipSpace();
            if (pos < text.length() && (Character.isLetter(peek()) || peek() == '-')) {
                throw unsupported("parser parameters and flags");
            }
            return name.equals("logfmt") ? new Stage.Logfmt() : new Stage.Json();
        }
        if (List.of("regexp", "pattern", "unpack", "line_format", "label_format", "drop", "keep", "decolorize").contains(name)) {
            pos = at;
            throw unsupported("the '" + name + "' stage");
        }
        skipSpace();
        for (String op : List.of(">=", "<=", "==", "!=", ">", "<", "=~", "!~", "=")) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                skipSpace();
                if (peek() == '"' || peek() == '`') {
                    Matcher.Type type = switch (op) {
                        case "=", "==" -> Matcher.Type.EQ;
                        case "!=" -> Matcher.Type.NEQ;
                        case "=~" -> Matcher.Type.RE;
                        case "!~" -> Matcher.Type.NRE;
                        default -> throw expected("NUMBER");
                    };
                    return Stage.LabelFilter.string(new Matcher(name, type, string("a string")));
                }
                int numberStart = pos;
                while (pos < text.length() && (Character.isDigit(peek()) || peek() == '.' || peek() == '-')) {
                    pos++;
                }
                if (numberStart == pos || op.equals("=~") || op.equals("!~")) {
                    throw expected("STRING or NUMBER");
                }
                if (pos < text.length() && Character.isLetter(peek())) {
                    throw unsupported("duration and bytes label filters");
                }
                return Stage.LabelFilter.numeric(name, op.equals("=") ? "==" : op, Double.parseDouble(text.substring(numberStart, pos)));
            }
        }
        throw expected("a label filter operator");
    }

    private LineFilter.Op filterOp() {
        for (LineFilter.Op op : LineFilter.Op.values()) {
            if (text.startsWith(op.symbol, pos)) {
                pos += 2;
                return op;
            }
        }
        return null;
    }

    private List<Matcher> selector() throws ParseException {
        pos++; // {
        List<Matcher> out = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == '}' && !out.isEmpty()) {
                pos++;
                return out;
            }
            String name = identifier();
            skipSpace();
            Matcher.Type type = matcherOp();
            skipSpace();
            String value = string("a string");
            if (type == Matcher.Type.RE || type == Matcher.Type.NRE) {
                try {
                    out.add(new Matcher(name, type, value));
                } catch (com.google.re2j.PatternSyntaxException e) {
                    throw new ParseException("parse error : invalid regex " + LineFilter.quote(value) + ": " + e.getDescription());
                }
            } else {
                out.add(new Matcher(name, type, value));
            }
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return out;
            } else {
                throw expected("} or ,");
            }
        }
    }

    private Matcher.Type matcherOp() throws ParseException {
        if (text.startsWith("=~", pos)) {
            pos += 2;
            return Matcher.Type.RE;
        }
        if (text.startsWith("!~", pos)) {
            pos += 2;
            return Matcher.Type.NRE;
        }
        if (text.startsWith("!=", pos)) {
            pos += 2;
            return Matcher.Type.NEQ;
        }
        if (text.startsWith("=", pos)) {
            pos++;
            return Matcher.Type.EQ;
        }
        throw expected("=, !=, =~ or !~");
    }

    private String identifier() throws ParseException {
        int start = pos;
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }
        throw expected("IDENTIFIER");
    }

    private String string(String what) throws ParseException {
        char quote = peek();
        if (quote != '"' && quote != '`') {
            throw expected("STRING");
        }
        int start = pos++;
        StringBuilder b = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return b.toString();
            }
            if (c == '\\' && quote == '"' && pos < text.length()) {
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case '"', '\\', '\'' -> b.append(e);
                    default -> b.append('\\').append(e); // e.g. regex escapes like \d pass through
                }
            } else {
                b.append(c);
            }
        }
        pos = start;
        throw error("literal not terminated");
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private ParseException expected(String what) {
        return error("syntax error: unexpected " + token() + ", expecting " + what);
    }

    private ParseException unexpected() {
        return error("syntax error: unexpected " + token());
    }

    private ParseException unsupported(String what) {
        return error("not supported by this version of Skald yet: " + what);
    }

    private String token() {
        if (pos >= text.length()) {
            return "$end";
        }
        char c = text.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            return "IDENTIFIER";
        }
        if (c == '"' || c == '`') {
            return "STRING";
        }
        if (Character.isDigit(c)) {
            return "NUMBER";
        }
        return String.valueOf(c);
    }

    private ParseException error(String message) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new ParseException("parse error at line " + line + ", col " + col + ": " + message);
    }
}
