// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import io.skald.spi.util.GoDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser for LogQL: log queries (selector, line filters, parsers, label filters,
 * formatters) and metric queries (range and vector aggregations, binary operators with Prometheus'
 * precedence and vector matching, literals, {@code vector()}, {@code label_replace()}). Errors read
 * as Loki's: {@code parse error at line L, col C: syntax error: unexpected …}, or
 * {@code parse error : …} where no position applies.
 */
public final class LogQLParser {
    public static final String EMPTY_COMPATIBLE = "queries require at least one regexp or equality matcher that does not "
            + "have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will";

    private static final Map<String, MetricQuery.RangeOp> RANGE_OPS = Map.ofEntries(
            Map.entry("count_over_time", MetricQuery.RangeOp.COUNT_OVER_TIME), Map.entry("rate", MetricQuery.RangeOp.RATE),
            Map.entry("rate_counter", MetricQuery.RangeOp.RATE_COUNTER),
            Map.entry("bytes_over_time", MetricQuery.RangeOp.BYTES_OVER_TIME), Map.entry("bytes_rate", MetricQuery.RangeOp.BYTES_RATE),
            Map.entry("absent_over_time", MetricQuery.RangeOp.ABSENT_OVER_TIME),
            Map.entry("sum_over_time", MetricQuery.RangeOp.SUM_OVER_TIME), Map.entry("avg_over_time", MetricQuery.RangeOp.AVG_OVER_TIME),
            Map.entry("max_over_time", MetricQuery.RangeOp.MAX_OVER_TIME), Map.entry("min_over_time", MetricQuery.RangeOp.MIN_OVER_TIME),
            Map.entry("first_over_time", MetricQuery.RangeOp.FIRST_OVER_TIME),
            Map.entry("last_over_time", MetricQuery.RangeOp.LAST_OVER_TIME),
            Map.entry("stdvar_over_time", MetricQuery.RangeOp.STDVAR_OVER_TIME),
            Map.entry("stddev_over_time", MetricQuery.RangeOp.STDDEV_OVER_TIME),
            Map.entry("quantile_over_time", MetricQuery.RangeOp.QUANTILE_OVER_TIME));
    private static final Map<String, MetricQuery.VectorOp> VECTOR_OPS = Map.ofEntries(
            Map.entry("sum", MetricQuery.VectorOp.SUM), Map.entry("avg", MetricQuery.VectorOp.AVG),
            Map.entry("min", MetricQuery.VectorOp.MIN), Map.entry("max", MetricQuery.VectorOp.MAX),
            Map.entry("count", MetricQuery.VectorOp.COUNT), Map.entry("stddev", MetricQuery.VectorOp.STDDEV),
            Map.entry("stdvar", MetricQuery.VectorOp.STDVAR), Map.entry("topk", MetricQuery.VectorOp.TOPK),
            Map.entry("bottomk", MetricQuery.VectorOp.BOTTOMK), Map.entry("sort", MetricQuery.VectorOp.SORT),
            Map.entry("sort_desc", MetricQuery.VectorOp.SORT_DESC), Map.entry("approx_topk", MetricQuery.VectorOp.APPROX_TOPK));
    /** Binary operators by precedence, lowest first; {@code ^} is right-associative. */
    private static final List<List<String>> BINARY_LEVELS = List.of(List.of("or"), List.of("and", "unless"),
            List.of("==", "!=", ">=", "<=", ">", "<"), List.of("+", "-"), List.of("*", "/", "%"), List.of("^"));
    private static final Set<String> PARSERS = Set.of("json", "logfmt", "regexp", "pattern", "unpack");

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
        MetricQuery m = p.expression(0);
        p.skipSpace();
        if (p.pos < p.text.length()) {
            throw p.unexpected();
        }
        for (MetricQuery.LogRange r : m.logRanges()) {
            validate(r.query());
        }
        return m;
    }

    public static LogQuery parseLogQuery(String query) throws ParseException {
        LogQLParser p = new LogQLParser(query);
        p.skipSpace();
        if (p.peek() != '{') {
            if (Character.isLetter(p.peek())) {
                throw p.error("syntax error: a metric query where a log query is expected");
            }
            throw p.unexpected();
        }
        Pipeline q = p.pipeline(false);
        p.skipSpace();
        if (p.pos < p.text.length()) {
            throw p.unexpected();
        }
        validate(q.query());
        return q.query();
    }

    /** Only label matchers, for {@code match[]} of the series API and {@code query} of the label APIs. */
    public static List<Matcher> parseSelector(String selector) throws ParseException {
        LogQuery q = parseLogQuery(selector);
        if (!q.filters().isEmpty() || !q.stages().isEmpty()) {
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

    // ---- metric expressions -------------------------------------------------------------------------

    private MetricQuery expression(int level) throws ParseException {
        if (level == BINARY_LEVELS.size()) {
            return unary();
        }
        MetricQuery lhs = expression(level + 1);
        while (true) {
            skipSpace();
            String op = binaryOperator(BINARY_LEVELS.get(level));
            if (op == null) {
                return lhs;
            }
            skipSpace();
            boolean returnBool = false;
            if (word("bool")) {
                if (!BINARY_LEVELS.get(2).contains(op)) {
                    throw error("syntax error: unexpected bool");
                }
                returnBool = true;
                skipSpace();
            }
            MetricQuery.VectorMatching matching = null;
            boolean on = word("on");
            if (on || word("ignoring")) {
                List<String> labels = labelList();
                skipSpace();
                String group = null;
                List<String> include = List.of();
                if (word("group_left") || word("group_right")) {
                    group = text.startsWith("left", pos - 4) ? "left" : "right";
                    skipSpace();
                    if (peek() == '(') {
                        include = labelList();
                    }
                }
                matching = new MetricQuery.VectorMatching(on, labels, group, include);
            }
            // ^ binds to the right: 2 ^ 3 ^ 2 is 2 ^ (3 ^ 2)
            MetricQuery rhs = op.equals("^") ? expression(level) : expression(level + 1);
            lhs = new MetricQuery.BinaryOp(op, returnBool, matching, lhs, rhs);
            if (lhs instanceof MetricQuery.BinaryOp b && b.comparison() && !returnBool && literal(b.lhs()) && literal(b.rhs())) {
                throw new ParseException("parse error : comparisons between scalars must use BOOL modifier");
            }
        }
    }

    private static boolean literal(MetricQuery q) {
        return q instanceof MetricQuery.Literal;
    }

    private String binaryOperator(List<String> ops) {
        for (String op : ops) {
            if (Character.isLetter(op.charAt(0))) {
                if (word(op)) {
                    return op;
                }
            } else if (text.startsWith(op, pos)) {
                if (op.equals("=") || (op.equals("!=") && text.startsWith("!~", pos))) {
                    continue;
                }
                pos += op.length();
                return op;
            }
        }
        return null;
    }

    /** Consumes {@code w} when it stands here as a whole word. */
    private boolean word(String w) {
        if (text.startsWith(w, pos) && (pos + w.length() >= text.length() || !identifierChar(text.charAt(pos + w.length())))) {
            pos += w.length();
            return true;
        }
        return false;
    }

    private static boolean identifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private MetricQuery unary() throws ParseException {
        skipSpace();
        char c = peek();
        if (c == '(') {
            pos++;
            MetricQuery inner = expression(0);
            skipSpace();
            expectChar(')');
            return inner;
        }
        if (Character.isDigit(c) || c == '.' || ((c == '-' || c == '+') && pos + 1 < text.length()
                && (Character.isDigit(text.charAt(pos + 1)) || text.charAt(pos + 1) == '.'))) {
            return new MetricQuery.Literal(number());
        }
        if (c == '{') {
            throw error("syntax error: unexpected {");
        }
        if (!Character.isLetter(c)) {
            throw unexpected();
        }
        int at = pos;
        String name = identifier();
        MetricQuery.RangeOp range = RANGE_OPS.get(name);
        if (range != null) {
            return rangeAggregation(range, at);
        }
        MetricQuery.VectorOp vector = VECTOR_OPS.get(name);
        if (vector != null) {
            return vectorAggregation(vector);
        }
        switch (name) {
            case "vector" -> {
                skipSpace();
                expectChar('(');
                skipSpace();
                double v = number();
                skipSpace();
                expectChar(')');
                return new MetricQuery.VectorLiteral(v);
            }
            case "label_replace" -> {
                skipSpace();
                expectChar('(');
                MetricQuery inner = expression(0);
                String[] args = new String[4];
                for (int i = 0; i < 4; i++) {
                    skipSpace();
                    expectChar(',');
                    skipSpace();
                    args[i] = string();
                }
                skipSpace();
                expectChar(')');
                try {
                    com.google.re2j.Pattern.compile(args[3]);
                } catch (com.google.re2j.PatternSyntaxException e) {
                    throw new ParseException("parse error : invalid regex " + LineFilter.quote(args[3]) + ": " + e.getDescription());
                }
                return new MetricQuery.LabelReplace(inner, args[0], args[1], args[2], args[3]);
            }
            default -> {
                pos = at;
                throw unexpected();
            }
        }
    }

    private double number() throws ParseException {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '.')) {
            pos++;
        }
        String n = text.substring(start, pos);
        try {
            return Double.parseDouble(n);
        } catch (NumberFormatException e) {
            pos = start;
            throw expected("NUMBER");
        }
    }

    private MetricQuery rangeAggregation(MetricQuery.RangeOp op, int at) throws ParseException {
        skipSpace();
        expectChar('(');
        skipSpace();
        Double parameter = null;
        if (op == MetricQuery.RangeOp.QUANTILE_OVER_TIME) {
            parameter = number();
            skipSpace();
            expectChar(',');
            skipSpace();
        }
        if (peek() != '{') {
            throw expected("{");
        }
        Pipeline p = pipeline(true);
        skipSpace();
        expectChar('[');
        int durationStart = pos;
        while (pos < text.length() && text.charAt(pos) != ']') {
            pos++;
        }
        String rangeText = text.substring(durationStart, pos).trim();
        long rangeNanos = duration(rangeText, durationStart);
        expectChar(']');
        skipSpace();
        String offsetText = null;
        long offsetNanos = 0;
        if (word("offset")) {
            skipSpace();
            int offsetStart = pos;
            while (pos < text.length() && !Character.isWhitespace(peek()) && peek() != ')' && peek() != '|') {
                pos++;
            }
            offsetText = text.substring(offsetStart, pos);
            offsetNanos = duration(offsetText, offsetStart);
            skipSpace();
        }
        if (peek() == '|' || filterOpAhead()) { // a pipeline may also follow the range
            p = continuePipeline(p, true);
            skipSpace();
        }
        expectChar(')');
        skipSpace();
        MetricQuery.Grouping grouping = null;
        int groupingAt = pos;
        if (text.startsWith("by", pos) || text.startsWith("without", pos)) {
            grouping = grouping();
        }
        String name = op.text;
        if (p.unwrap() == null && op.needsUnwrap()) {
            throw new ParseException("parse error : invalid aggregation " + name + " without unwrap");
        }
        if (p.unwrap() != null && !op.allowsUnwrap()) {
            throw new ParseException("parse error : invalid aggregation " + name + " with unwrap");
        }
        if (grouping != null && !op.allowsGrouping()) {
            pos = groupingAt;
            throw new ParseException("parse error : grouping not allowed for " + name + " aggregation");
        }
        if (parameter != null && (parameter < 0 || parameter > 1)) {
            pos = at;
            throw new ParseException("parse error : invalid parameter for " + name + ": quantile must be between 0 and 1");
        }
        MetricQuery.LogRange range = new MetricQuery.LogRange(p.query(), p.unwrap(), rangeNanos, rangeText, offsetNanos, offsetText);
        return new MetricQuery.RangeAggregation(op, range, parameter, grouping);
    }

    private long duration(String durationText, int at) throws ParseException {
        try {
            long nanos = GoDuration.parse(durationText).toNanos();
            if (nanos < 0) {
                throw new IllegalArgumentException();
            }
            return nanos;
        } catch (IllegalArgumentException e) {
            pos = at;
            throw error("syntax error: invalid duration \"" + durationText + "\"");
        }
    }

    private MetricQuery vectorAggregation(MetricQuery.VectorOp op) throws ParseException {
        skipSpace();
        MetricQuery.Grouping grouping = null;
        if (text.startsWith("by", pos) || text.startsWith("without", pos)) {
            grouping = grouping();
            skipSpace();
        }
        expectChar('(');
        skipSpace();
        Double parameter = null;
        if (op.takesParameter()) {
            int at = pos;
            parameter = number();
            if (parameter != Math.rint(parameter) || parameter < 1) {
                pos = at;
                throw new ParseException("parse error : invalid parameter for " + op.text + ": must be a positive integer");
            }
            skipSpace();
            expectChar(',');
        }
        MetricQuery inner = expression(0);
        skipSpace();
        expectChar(')');
        skipSpace();
        if (grouping == null && (text.startsWith("by", pos) || text.startsWith("without", pos))) {
            grouping = grouping();
        }
        if (grouping != null && (op == MetricQuery.VectorOp.SORT || op == MetricQuery.VectorOp.SORT_DESC
                || op == MetricQuery.VectorOp.APPROX_TOPK)) {
            throw new ParseException("parse error : grouping not allowed for " + op.text + " aggregation");
        }
        return new MetricQuery.VectorAggregation(op, grouping, parameter, inner);
    }

    private MetricQuery.Grouping grouping() throws ParseException {
        boolean without = word("without");
        if (!without && !word("by")) {
            throw unexpected();
        }
        return new MetricQuery.Grouping(without, labelList());
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

    // ---- log pipelines ------------------------------------------------------------------------------

    /** A log query and, inside a range aggregation, its unwrap. */
    private record Pipeline(LogQuery query, MetricQuery.Unwrap unwrap) {
    }

    private Pipeline pipeline(boolean metric) throws ParseException {
        List<Matcher> matchers = selector();
        return continuePipeline(new Pipeline(new LogQuery(matchers, List.of(), List.of()), null), metric);
    }

    private boolean filterOpAhead() {
        for (LineFilter.Op op : LineFilter.Op.values()) {
            if (text.startsWith(op.symbol, pos)) {
                return true;
            }
        }
        return false;
    }

    private Pipeline continuePipeline(Pipeline so, boolean metric) throws ParseException {
        List<LineFilter> filters = new ArrayList<>(so.query().filters());
        List<Stage> stages = new ArrayList<>(so.query().stages());
        MetricQuery.Unwrap unwrap = so.unwrap();
        List<Stage> afterUnwrap = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                break;
            }
            int at = pos;
            LineFilter.Op op = filterOp();
            if (op != null) {
                if (unwrap != null) {
                    pos = at;
                    throw unexpected();
                }
                LineFilter f = lineFilter(op);
                if (stages.isEmpty()) {
                    filters.add(f); // runs on raw bytes, before anything is parsed
                } else {
                    stages.add(f);
                }
                continue;
            }
            if (peek() != '|') {
                break; // '[' of a range, ')' of a function, or the end
            }
            pos++;
            skipSpace();
            int nameAt = pos;
            String name = peek() == '(' ? "" : identifier();
            if (name.equals("unwrap")) {
                if (!metric) {
                    pos = nameAt;
                    throw error("syntax error: unexpected unwrap");
                }
                if (unwrap != null) {
                    pos = nameAt;
                    throw unexpected();
                }
                unwrap = unwrapExpression();
                continue;
            }
            if (unwrap != null && (PARSERS.contains(name) || Set.of("line_format", "label_format", "drop", "keep", "decolorize").contains(name))) {
                pos = nameAt;
                throw unexpected();
            }
            pos = name.isEmpty() ? nameAt : pos;
            Stage stage = stage(name, nameAt);
            (unwrap != null ? afterUnwrap : stages).add(stage);
        }
        if (unwrap != null && !afterUnwrap.isEmpty()) {
            List<Stage> post = new ArrayList<>(unwrap.postFilters());
            post.addAll(afterUnwrap);
            unwrap = new MetricQuery.Unwrap(unwrap.label(), unwrap.conversion(), post);
        }
        return new Pipeline(new LogQuery(so.query().matchers(), filters, stages), unwrap);
    }

    private MetricQuery.Unwrap unwrapExpression() throws ParseException {
        skipSpace();
        String first = identifier();
        String conversion = "";
        String label = first;
        skipSpace();
        if (peek() == '(' && Set.of("bytes", "duration", "duration_seconds").contains(first)) {
            pos++;
            skipSpace();
            label = identifier();
            skipSpace();
            expectChar(')');
            conversion = first;
        }
        return new MetricQuery.Unwrap(label, conversion, List.of());
    }

    private LineFilter lineFilter(LineFilter.Op op) throws ParseException {
        List<String> values = new ArrayList<>();
        boolean ip = false;
        skipSpace();
        if (text.startsWith("ip(", pos) || (text.startsWith("ip", pos) && nextNonSpaceIs(pos + 2, '('))) {
            if (op != LineFilter.Op.CONTAINS && op != LineFilter.Op.NOT_CONTAINS) {
                throw unexpected();
            }
            ip = true;
        }
        values.add(filterValue(ip));
        while (true) {
            int mark = pos;
            skipSpace();
            if (word("or")) {
                skipSpace();
                values.add(filterValue(ip));
            } else {
                pos = mark;
                break;
            }
        }
        for (String v : values) {
            if (op == LineFilter.Op.MATCHES || op == LineFilter.Op.NOT_MATCHES) {
                try {
                    com.google.re2j.Pattern.compile(v);
                } catch (com.google.re2j.PatternSyntaxException e) {
                    throw new ParseException("parse error : invalid regex " + LineFilter.quote(v) + ": " + e.getDescription());
                }
            }
            if (ip) {
                try {
                    new IpMatcher(v);
                } catch (IllegalArgumentException e) {
                    throw new ParseException("parse error : " + e.getMessage());
                }
            }
        }
        return new LineFilter(op, values, ip);
    }

    private boolean nextNonSpaceIs(int from, char c) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == c;
    }

    private String filterValue(boolean ip) throws ParseException {
        if (!ip) {
            return string();
        }
        identifier(); // ip
        skipSpace();
        expectChar('(');
        skipSpace();
        String v = string();
        skipSpace();
        expectChar(')');
        return v;
    }

    private Stage stage(String name, int at) throws ParseException {
        switch (name) {
            case "json" -> {
                return new Parsers.Json(params());
            }
            case "logfmt" -> {
                boolean strict = false;
                boolean keepEmpty = false;
                while (true) {
                    skipSpace();
                    if (text.startsWith("--strict", pos)) {
                        pos += 8;
                        strict = true;
                    } else if (text.startsWith("--keep-empty", pos)) {
                        pos += 12;
                        keepEmpty = true;
                    } else if (text.startsWith("--", pos)) {
                        throw unexpected();
                    } else {
                        break;
                    }
                }
                return new Parsers.Logfmt(strict, keepEmpty, params());
            }
            case "regexp" -> {
                skipSpace();
                return new Parsers.Regexp(string());
            }
            case "pattern" -> {
                skipSpace();
                return new Parsers.PatternParser(string());
            }
            case "unpack" -> {
                return new Parsers.Unpack();
            }
            case "decolorize" -> {
                return new Formatters.Decolorize();
            }
            case "line_format" -> {
                skipSpace();
                return new Formatters.LineFormat(Template.parse(string()));
            }
            case "label_format" -> {
                List<Formatters.LabelFormatting> formats = new ArrayList<>();
                Set<String> names = new java.util.HashSet<>();
                do {
                    skipSpace();
                    String dst = identifier();
                    if (!names.add(dst)) {
                        throw new ParseException("parse error : multiple label name '" + dst + "' not allowed in a single format operation");
                    }
                    skipSpace();
                    expectChar('=');
                    skipSpace();
                    if (peek() == '"' || peek() == '`') {
                        formats.add(new Formatters.LabelFormatting(dst, null, Template.parse(string())));
                    } else {
                        formats.add(new Formatters.LabelFormatting(dst, identifier(), null));
                    }
                    skipSpace();
                } while (consume(','));
                return new Formatters.LabelFormat(formats);
            }
            case "drop", "keep" -> {
                List<Formatters.NamedMatcher> names = new ArrayList<>();
                do {
                    skipSpace();
                    String label = identifier();
                    skipSpace();
                    Matcher m = null;
                    if (peek() == '=' || peek() == '!') {
                        Matcher.Type type = matcherOp();
                        skipSpace();
                        m = matcher(label, type, string());
                    }
                    names.add(new Formatters.NamedMatcher(label, m));
                    skipSpace();
                } while (consume(','));
                return name.equals("drop") ? new Formatters.Drop(names) : new Formatters.Keep(names);
            }
            default -> {
                pos = at;
                return labelFilterExpression();
            }
        }
    }

    private boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** json and logfmt parameters: {@code a, b="x.y", c="list[0]"}. */
    private List<Parsers.Param> params() throws ParseException {
        List<Parsers.Param> out = new ArrayList<>();
        skipSpace();
        if (!Character.isLetter(peek()) && peek() != '_') {
            return out;
        }
        do {
            skipSpace();
            String name = identifier();
            skipSpace();
            String expression = null;
            if (peek() == '=') {
                pos++;
                skipSpace();
                expression = string();
            }
            out.add(new Parsers.Param(name, expression));
            skipSpace();
        } while (consume(','));
        return out;
    }

    /** Label filters joined by {@code and}, {@code or} or {@code ,}, left to right, with parentheses. */
    private LabelFilter labelFilterExpression() throws ParseException {
        LabelFilter left = labelFilterTerm();
        while (true) {
            int mark = pos;
            skipSpace();
            boolean and;
            if (word("and") || consume(',')) {
                and = true;
            } else if (word("or")) {
                and = false;
            } else {
                pos = mark;
                return left;
            }
            left = new LabelFilter.Binary(left, and, labelFilterTerm());
        }
    }

    private LabelFilter labelFilterTerm() throws ParseException {
        skipSpace();
        if (consume('(')) {
            LabelFilter inner = labelFilterExpression();
            skipSpace();
            expectChar(')');
            return inner;
        }
        String name = identifier();
        skipSpace();
        for (String op : List.of(">=", "<=", "==", "!=", ">", "<", "=~", "!~", "=")) {
            if (!text.startsWith(op, pos)) {
                continue;
            }
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
                return new LabelFilter.Str(matcher(name, type, string()));
            }
            if (text.startsWith("ip", pos) && nextNonSpaceIs(pos + 2, '(')) {
                if (!op.equals("=") && !op.equals("==") && !op.equals("!=")) {
                    throw unexpected();
                }
                String v = filterValue(true);
                try {
                    return new LabelFilter.Ip(name, !op.equals("!="), new IpMatcher(v));
                } catch (IllegalArgumentException e) {
                    throw new ParseException("parse error : " + e.getMessage());
                }
            }
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '.' || peek() == '-' || peek() == '+' || peek() == 'µ')) {
                pos++;
            }
            String literal = text.substring(start, pos);
            if (literal.isEmpty() || op.equals("=~") || op.equals("!~")) {
                pos = start;
                throw expected("STRING or NUMBER");
            }
            for (LabelFilter.Kind kind : LabelFilter.Kind.values()) {
                try {
                    return new LabelFilter.Compare(name, op, kind, literal);
                } catch (IllegalArgumentException e) {
                    // try the next reading: number, then duration, then bytes
                }
            }
            pos = start;
            throw unexpected();
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
        expectChar('{');
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
            out.add(matcher(name, type, string()));
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

    private static Matcher matcher(String name, Matcher.Type type, String value) throws ParseException {
        try {
            return new Matcher(name, type, value);
        } catch (com.google.re2j.PatternSyntaxException e) {
            throw new ParseException("parse error : invalid regex " + LineFilter.quote(value) + ": " + e.getDescription());
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

    // ---- tokens -------------------------------------------------------------------------------------

    private void expectChar(char c) throws ParseException {
        if (peek() != c) {
            throw expected(String.valueOf(c));
        }
        pos++;
    }

    private String identifier() throws ParseException {
        int start = pos;
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
            while (pos < text.length() && identifierChar(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }
        throw expected("IDENTIFIER");
    }

    private String string() throws ParseException {
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
