// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import com.google.re2j.Pattern;
import io.skald.core.go.GoDuration;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Go {@code text/template} subset that {@code line_format} and {@code label_format} use: text,
 * {@code {{ pipelines }}} with {@code |}, fields ({@code .status}), literals, parenthesised
 * pipelines, {@code if / else if / else / end}, {@code with}, trim markers ({@code {{-} / {@code -}}})
 * and comments, with Loki's template functions (sprig names and the older Go-strings names).
 * Data is the line's labels; a missing label is the empty string, as with Go's
 * {@code map[string]string}.
 */
final class Template {
    /** Evaluation failed for one line (bad argument); Loki then sets {@code TemplateFormatErr}. */
    static final class ExecException extends Exception {
        private static final long serialVersionUID = 1L;

        ExecException(String message) {
            super(message);
        }
    }

    private interface Node {
        void exec(Context c, StringBuilder out) throws ExecException;
    }

    private record Context(Map<String, String> labels, String line, long timestampNanos) {}

    private final String source;
    private final List<Node> nodes;

    private Template(String source, List<Node> nodes) {
        this.source = source;
        this.nodes = nodes;
    }

    static Template parse(String source) throws ParseException {
        Parser p = new Parser(source);
        List<Node> nodes = p.list(Set.of()); // at the top, {{end}} and {{else}} are refused as they come
        return new Template(source, nodes);
    }

    String execute(Map<String, String> labels, String line, long timestampNanos) throws ExecException {
        StringBuilder out = new StringBuilder();
        Context c = new Context(labels, line, timestampNanos);
        for (Node n : nodes) {
            n.exec(c, out);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }

    // ---- evaluation -------------------------------------------------------------------------------

    private interface Arg {
        Object eval(Context c) throws ExecException;
    }

    private record Literal(Object value) implements Arg {
        @Override
        public Object eval(Context c) {
            return value;
        }
    }

    private record Field(String name) implements Arg {
        @Override
        public Object eval(Context c) {
            if (name.isEmpty()) {
                return c.labels();
            }
            String v = c.labels().get(name);
            return v == null ? "" : v;
        }
    }

    private record Call(String function, List<Arg> args) {}

    private record Pipeline(List<Call> commands) implements Arg {
        @Override
        public Object eval(Context c) throws ExecException {
            Object piped = null;
            boolean first = true;
            for (Call cmd : commands) {
                List<Object> values = new ArrayList<>(cmd.args().size() + 1);
                for (Arg a : cmd.args()) {
                    values.add(a.eval(c));
                }
                if (!first) {
                    values.add(piped);
                }
                if (cmd.function() == null) {
                    if (values.size() != 1) {
                        throw new ExecException("can't give argument to non-function");
                    }
                    piped = values.get(0);
                } else {
                    piped = Functions.call(cmd.function(), values, c);
                }
                first = false;
            }
            return piped;
        }
    }

    private record Print(Pipeline pipeline) implements Node {
        @Override
        public void exec(Context c, StringBuilder out) throws ExecException {
            out.append(Functions.print(pipeline.eval(c)));
        }
    }

    private record Text(String text) implements Node {
        @Override
        public void exec(Context c, StringBuilder out) {
            out.append(text);
        }
    }

    /** {@code if} and {@code with} (which Loki's data makes the same, the dot staying the labels). */
    private record Branch(Pipeline condition, List<Node> then, List<Node> otherwise) implements Node {
        @Override
        public void exec(Context c, StringBuilder out) throws ExecException {
            for (Node n : Functions.truth(condition.eval(c)) ? then : otherwise) {
                n.exec(c, out);
            }
        }
    }

    // ---- parsing ----------------------------------------------------------------------------------

    private static final class Parser {
        private final String s;
        private int pos;
        private boolean trimNext;
        String stopWord; // the keyword that ended the last list: end, else

        Parser(String s) {
            this.s = s;
        }

        ParseException error(String message) {
            return new ParseException("parse error : template: line:1: " + message);
        }

        /** Nodes up to a {@code {{end}}} or {@code {{else}}} (then {@link #stopWord} says which) or the end. */
        List<Node> list(Set<String> stops) throws ParseException {
            List<Node> out = new ArrayList<>();
            stopWord = null;
            while (pos < s.length()) {
                int open = s.indexOf("{{", pos);
                String text = s.substring(pos, open < 0 ? s.length() : open);
                if (trimNext) {
                    text = text.stripLeading();
                    trimNext = false;
                }
                if (open >= 0
                        && s.startsWith("{{-", open)
                        && open + 3 < s.length()
                        && Character.isWhitespace(s.charAt(open + 3))) {
                    text = text.stripTrailing();
                }
                if (!text.isEmpty()) {
                    out.add(new Text(text));
                }
                if (open < 0) {
                    pos = s.length();
                    break;
                }
                pos = open + 2;
                if (s.startsWith("- ", pos)) {
                    pos++;
                }
                int close = actionEnd();
                String body = s.substring(pos, close).trim();
                if (close > 0
                        && s.charAt(close - 1) == '-'
                        && close - 2 >= pos
                        && Character.isWhitespace(s.charAt(close - 2))) {
                    body = s.substring(pos, close - 1).trim();
                    trimNext = true;
                }
                pos = close + 2;
                if (body.startsWith("/*")) {
                    continue;
                }
                String keyword = keyword(body);
                switch (keyword) {
                    case "end", "else" -> {
                        if (!stops.contains(keyword)) {
                            throw error("unexpected {{" + keyword + "}}");
                        }
                        stopWord = keyword;
                        elseRest = body.substring(keyword.length()).trim();
                        return out;
                    }
                    case "if", "with" -> out.add(branch(body.substring(keyword.length())));
                    case "range", "define", "template", "block" ->
                        throw error("{{" + keyword + "}} is not supported in log templates");
                    default -> out.add(new Print(new Lexer(this, body).pipelineToEnd()));
                }
            }
            if (!stops.isEmpty()) {
                throw error("unexpected EOF");
            }
            return out;
        }

        private String elseRest = "";

        private Branch branch(String conditionText) throws ParseException {
            Pipeline condition = new Lexer(this, conditionText.trim()).pipelineToEnd();
            List<Node> then = list(Set.of("end", "else"));
            List<Node> otherwise = List.of();
            if ("else".equals(stopWord)) {
                String rest = elseRest;
                if (rest.startsWith("if ")
                        || rest.startsWith("with ")) { // else if: a nested branch that shares our end
                    otherwise = List.of(branch(rest.substring(rest.indexOf(' '))));
                    return new Branch(condition, then, otherwise);
                }
                otherwise = list(Set.of("end"));
            }
            return new Branch(condition, then, otherwise);
        }

        private static String keyword(String body) {
            int i = 0;
            while (i < body.length() && Character.isLetter(body.charAt(i))) {
                i++;
            }
            String word = body.substring(0, i);
            return switch (word) {
                case "if", "else", "end", "with", "range", "define", "template", "block" -> word;
                default -> "";
            };
        }

        /** The position of the {@code }}} closing the action at {@link #pos}, skipping string literals. */
        private int actionEnd() throws ParseException {
            int i = pos;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '"' || c == '`') {
                    int j = i + 1;
                    while (j < s.length() && s.charAt(j) != c) {
                        j += s.charAt(j) == '\\' && c == '"' ? 2 : 1;
                    }
                    i = j + 1;
                } else if (s.startsWith("}}", i)) {
                    return i;
                } else {
                    i++;
                }
            }
            throw error("unclosed action");
        }
    }

    /** Tokens of one action: fields, literals, identifiers, parentheses and pipes. */
    private static final class Lexer {
        private final Parser parser;
        private final String s;
        private int pos;

        Lexer(Parser parser, String s) {
            this.parser = parser;
            this.s = s;
        }

        Pipeline pipelineToEnd() throws ParseException {
            Pipeline p = pipeline();
            skip();
            if (pos < s.length()) {
                throw parser.error("unexpected \"" + s.charAt(pos) + "\" in command");
            }
            return p;
        }

        private Pipeline pipeline() throws ParseException {
            List<Call> commands = new ArrayList<>();
            while (true) {
                commands.add(command());
                skip();
                if (pos < s.length() && s.charAt(pos) == '|') {
                    pos++;
                    continue;
                }
                return new Pipeline(commands);
            }
        }

        private Call command() throws ParseException {
            List<Arg> args = new ArrayList<>();
            String function = null;
            while (true) {
                skip();
                if (pos >= s.length() || s.charAt(pos) == '|' || s.charAt(pos) == ')') {
                    break;
                }
                char c = s.charAt(pos);
                if (args.isEmpty() && function == null && (Character.isLetter(c) || c == '_')) {
                    String name = identifier();
                    switch (name) {
                        case "true", "false" -> args.add(new Literal(Boolean.parseBoolean(name)));
                        case "nil" -> args.add(new Literal(null));
                        default -> {
                            if (!Functions.NAMES.contains(name)) {
                                throw parser.error("function \"" + name + "\" not defined");
                            }
                            function = name;
                        }
                    }
                    continue;
                }
                args.add(operand());
            }
            if (function == null && args.isEmpty()) {
                throw parser.error("missing value for command");
            }
            return new Call(function, args);
        }

        private Arg operand() throws ParseException {
            char c = s.charAt(pos);
            if (c == '.') {
                pos++;
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                    pos++;
                }
                return new Field(s.substring(start, pos));
            }
            if (c == '(') {
                pos++;
                Pipeline p = pipeline();
                skip();
                if (pos >= s.length() || s.charAt(pos) != ')') {
                    throw parser.error("unclosed left paren");
                }
                pos++;
                return p;
            }
            if (c == '"' || c == '`') {
                return new Literal(string(c));
            }
            if (Character.isDigit(c) || c == '-' || c == '+') {
                int start = pos++;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                    pos++;
                }
                String n = s.substring(start, pos);
                try {
                    return new Literal(
                            n.contains(".") || n.contains("e")
                                    ? (Object) Double.parseDouble(n)
                                    : (Object) Long.parseLong(n));
                } catch (NumberFormatException e) {
                    throw parser.error("bad number syntax: \"" + n + "\"");
                }
            }
            if (Character.isLetter(c) || c == '_') {
                String name = identifier();
                if (name.equals("true") || name.equals("false")) {
                    return new Literal(Boolean.parseBoolean(name));
                }
                if (!Functions.NAMES.contains(name)) {
                    throw parser.error("function \"" + name + "\" not defined");
                }
                return new Pipeline(
                        List.of(new Call(name, List.of()))); // a function used as a value: called without arguments
            }
            throw parser.error("unexpected \"" + c + "\" in operand");
        }

        private String identifier() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private String string(char quote) throws ParseException {
            pos++;
            StringBuilder b = new StringBuilder();
            while (pos < s.length() && s.charAt(pos) != quote) {
                char c = s.charAt(pos++);
                if (c == '\\' && quote == '"' && pos < s.length()) {
                    char e = s.charAt(pos++);
                    b.append(
                            switch (e) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                case 'r' -> '\r';
                                default -> e;
                            });
                } else {
                    b.append(c);
                }
            }
            if (pos >= s.length()) {
                throw parser.error("unterminated quoted string");
            }
            pos++;
            return b.toString();
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }

    // ---- functions --------------------------------------------------------------------------------

    /** Loki's template functions: sprig's names, Go's strings names, and the Go template builtins. */
    static final class Functions {
        static final Set<String> NAMES = Set.of(
                "__line__",
                "__timestamp__",
                "regexReplaceAll",
                "regexReplaceAllLiteral",
                "lower",
                "upper",
                "title",
                "trunc",
                "substr",
                "replace",
                "trim",
                "trimAll",
                "trimSuffix",
                "trimPrefix",
                "alignLeft",
                "alignRight",
                "indent",
                "nindent",
                "repeat",
                "contains",
                "eq",
                "ne",
                "lt",
                "le",
                "gt",
                "ge",
                "hasPrefix",
                "hasSuffix",
                "add",
                "sub",
                "mul",
                "div",
                "mod",
                "addf",
                "subf",
                "mulf",
                "divf",
                "max",
                "min",
                "maxf",
                "minf",
                "ceil",
                "floor",
                "round",
                "int",
                "float64",
                "now",
                "unixEpoch",
                "unixEpochMillis",
                "unixEpochNanos",
                "toDate",
                "unixToTime",
                "default",
                "count",
                "urlencode",
                "urldecode",
                "b64enc",
                "b64dec",
                "bytes",
                "duration",
                "duration_seconds",
                "printf",
                "print",
                "and",
                "or",
                "not",
                "len",
                "ToLower",
                "ToUpper",
                "Replace",
                "Trim",
                "TrimLeft",
                "TrimRight",
                "TrimPrefix",
                "TrimSuffix",
                "TrimSpace",
                "Title");

        private Functions() {}

        static Object call(String name, List<Object> a, Context c) throws ExecException {
            try {
                return switch (name) {
                    case "__line__" -> c.line();
                    case "__timestamp__" -> Instant.ofEpochSecond(0, c.timestampNanos());
                    case "lower", "ToLower" -> str(a, 0).toLowerCase(Locale.ROOT);
                    case "upper", "ToUpper" -> str(a, 0).toUpperCase(Locale.ROOT);
                    case "title", "Title" -> title(str(a, 0));
                    case "TrimSpace" -> str(a, 0).strip();
                    case "trim" -> str(a, 0).strip();
                    case "trimAll" -> trimChars(str(a, 1), str(a, 0), true, true);
                    case "Trim" -> trimChars(str(a, 0), str(a, 1), true, true);
                    case "TrimLeft" -> trimChars(str(a, 0), str(a, 1), true, false);
                    case "TrimRight" -> trimChars(str(a, 0), str(a, 1), false, true);
                    case "trimSuffix" -> removeSuffix(str(a, 1), str(a, 0));
                    case "TrimSuffix" -> removeSuffix(str(a, 0), str(a, 1));
                    case "trimPrefix" -> removePrefix(str(a, 1), str(a, 0));
                    case "TrimPrefix" -> removePrefix(str(a, 0), str(a, 1));
                    case "replace" -> str(a, 2).replace(str(a, 0), str(a, 1));
                    case "Replace" -> replaceN(str(a, 0), str(a, 1), str(a, 2), (int) integer(a.get(3)));
                    case "trunc" -> trunc(str(a, 1), (int) integer(a.get(0)));
                    case "substr" -> substr(str(a, 2), (int) integer(a.get(0)), (int) integer(a.get(1)));
                    case "alignLeft" -> align(str(a, 1), (int) integer(a.get(0)), true);
                    case "alignRight" -> align(str(a, 1), (int) integer(a.get(0)), false);
                    case "indent" ->
                        " ".repeat((int) integer(a.get(0)))
                                + str(a, 1).replace("\n", "\n" + " ".repeat((int) integer(a.get(0))));
                    case "nindent" ->
                        "\n" + " ".repeat((int) integer(a.get(0)))
                                + str(a, 1).replace("\n", "\n" + " ".repeat((int) integer(a.get(0))));
                    case "repeat" -> str(a, 1).repeat((int) Math.max(0, integer(a.get(0))));
                    case "contains" -> str(a, 1).contains(str(a, 0));
                    case "hasPrefix" -> str(a, 1).startsWith(str(a, 0));
                    case "hasSuffix" -> str(a, 1).endsWith(str(a, 0));
                    case "eq" -> eq(a);
                    case "ne" -> !eq(a);
                    case "lt", "le", "gt", "ge" -> compare(name, a.get(0), a.get(1));
                    case "add" -> integer(a.get(0)) + integer(a.get(1));
                    case "sub" -> integer(a.get(0)) - integer(a.get(1));
                    case "mul" -> integer(a.get(0)) * integer(a.get(1));
                    case "div" -> {
                        long d = integer(a.get(1));
                        if (d == 0) {
                            throw new ExecException("error calling div: runtime error: integer divide by zero");
                        }
                        yield integer(a.get(0)) / d;
                    }
                    case "mod" -> {
                        long d = integer(a.get(1));
                        if (d == 0) {
                            throw new ExecException("error calling mod: runtime error: integer divide by zero");
                        }
                        yield integer(a.get(0)) % d;
                    }
                    case "addf" -> real(a.get(0)) + real(a.get(1));
                    case "subf" -> real(a.get(0)) - real(a.get(1));
                    case "mulf" -> real(a.get(0)) * real(a.get(1));
                    case "divf" -> real(a.get(0)) / real(a.get(1));
                    case "max" -> a.stream().mapToLong(Functions::integer).max().orElse(0);
                    case "min" -> a.stream().mapToLong(Functions::integer).min().orElse(0);
                    case "maxf" -> a.stream().mapToDouble(Functions::real).max().orElse(0);
                    case "minf" -> a.stream().mapToDouble(Functions::real).min().orElse(0);
                    case "ceil" -> Math.ceil(real(a.get(0)));
                    case "floor" -> Math.floor(real(a.get(0)));
                    case "round" -> {
                        double scale = Math.pow(10, a.size() > 1 ? integer(a.get(1)) : 0);
                        yield Math.round(real(a.get(0)) * scale) / scale;
                    }
                    case "int" -> integer(a.get(0));
                    case "float64" -> real(a.get(0));
                    case "now" -> Instant.now();
                    case "toDate" ->
                        LocalDate.parse(str(a, 1)).atStartOfDay(ZoneOffset.UTC).toInstant();
                    case "unixEpoch" -> time(a.get(0)).getEpochSecond();
                    case "unixEpochMillis" -> time(a.get(0)).toEpochMilli();
                    case "unixEpochNanos" -> {
                        Instant t = time(a.get(0));
                        yield t.getEpochSecond() * 1_000_000_000L + t.getNano();
                    }
                    case "unixToTime" -> unixToTime(str(a, 0));
                    case "default" -> a.size() < 2 || !truth(a.get(1)) ? a.get(0) : a.get(1);
                    case "count" -> {
                        com.google.re2j.Matcher m = regex(str(a, 0)).matcher(str(a, 1));
                        long n = 0;
                        while (m.find()) {
                            n++;
                        }
                        yield n;
                    }
                    case "regexReplaceAll" -> GoRegex.replaceAll(regex(str(a, 0)), str(a, 1), str(a, 2), false);
                    case "regexReplaceAllLiteral" -> GoRegex.replaceAll(regex(str(a, 0)), str(a, 1), str(a, 2), true);
                    case "urlencode" -> URLEncoder.encode(str(a, 0), StandardCharsets.UTF_8);
                    case "urldecode" -> URLDecoder.decode(str(a, 0), StandardCharsets.UTF_8);
                    case "b64enc" ->
                        Base64.getEncoder().encodeToString(str(a, 0).getBytes(StandardCharsets.UTF_8));
                    case "b64dec" -> new String(Base64.getDecoder().decode(str(a, 0)), StandardCharsets.UTF_8);
                    case "bytes" -> (double) Sizes.parseBytes(str(a, 0));
                    case "duration", "duration_seconds" ->
                        GoDuration.parse(str(a, 0)).toNanos() / 1e9;
                    case "printf" -> printf(str(a, 0), a.subList(1, a.size()));
                    case "print" -> {
                        StringBuilder b = new StringBuilder();
                        for (Object o : a) {
                            b.append(print(o));
                        }
                        yield b.toString();
                    }
                    case "and" -> {
                        Object last = null;
                        for (Object o : a) {
                            last = o;
                            if (!truth(o)) {
                                break;
                            }
                        }
                        yield last;
                    }
                    case "or" -> {
                        Object last = null;
                        for (Object o : a) {
                            last = o;
                            if (truth(o)) {
                                break;
                            }
                        }
                        yield last;
                    }
                    case "not" -> !truth(a.get(0));
                    case "len" -> (long) print(a.get(0)).length();
                    default -> throw new ExecException("function \"" + name + "\" not defined");
                };
            } catch (IndexOutOfBoundsException e) {
                throw new ExecException("wrong number of args for " + name);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new ExecException("error calling " + name + ": " + e.getMessage());
            }
        }

        /** Templates run once per line, with the same few regexes: each is compiled once (up to 256 kept). */
        private static final Map<String, Pattern> REGEXES =
                Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
                        return size() > 256;
                    }
                });

        private static Pattern regex(String expression) {
            Pattern p = REGEXES.get(expression);
            if (p == null) {
                p = Pattern.compile(expression);
                REGEXES.put(expression, p);
            }
            return p;
        }

        private static String str(List<Object> a, int i) {
            return print(a.get(i));
        }

        /** As Go's {@code fmt} prints a value with {@code %v}. */
        static String print(Object o) {
            if (o == null) {
                return "<no value>";
            }
            if (o instanceof Double d) {
                return formatFloat(d);
            }
            if (o instanceof Map<?, ?> m) { // Go prints a map as map[k:v …], keys sorted
                StringBuilder b = new StringBuilder("map[");
                new TreeMap<>(m)
                        .forEach((k, v) -> b.append(b.length() > 4 ? " " : "")
                                .append(k)
                                .append(':')
                                .append(v));
                return b.append(']').toString();
            }
            if (o instanceof Instant t) {
                return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS +0000 'UTC'")
                        .withZone(ZoneOffset.UTC)
                        .format(t)
                        .replaceFirst("\\.?0+ \\+", " +");
            }
            return o.toString();
        }

        /** Go's shortest {@code %v} for a float64: {@code 2.5}, {@code 100}, {@code 1e+21}. */
        static String formatFloat(double d) {
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "+Inf" : "-Inf";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e21) {
                return Long.toString((long) d);
            }
            String s = Double.toString(d);
            int e = s.indexOf('E');
            if (e < 0) {
                return s;
            }
            String mantissa = s.substring(0, e).replaceAll("\\.0$", "");
            int exponent = Integer.parseInt(s.substring(e + 1));
            if (exponent >= -4 && exponent < 21) {
                return new BigDecimal(d)
                        .round(MathContext.DECIMAL64)
                        .stripTrailingZeros()
                        .toPlainString();
            }
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }

        static boolean truth(Object o) {
            if (o == null) {
                return false;
            }
            if (o instanceof Boolean b) {
                return b;
            }
            if (o instanceof String s) {
                return !s.isEmpty();
            }
            if (o instanceof Long l) {
                return l != 0;
            }
            if (o instanceof Double d) {
                return d != 0;
            }
            if (o instanceof Map<?, ?> m) {
                return !m.isEmpty();
            }
            return true;
        }

        /** sprig's {@code toInt64}: numbers as they are, text parsed (0 when it is not a number). */
        static long integer(Object o) {
            if (o instanceof Long l) {
                return l;
            }
            if (o instanceof Double d) {
                return (long) (double) d;
            }
            if (o instanceof Boolean b) {
                return b ? 1 : 0;
            }
            if (o instanceof Instant t) {
                return t.getEpochSecond();
            }
            String s = o == null ? "" : o.toString().trim();
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                try {
                    return (long) Double.parseDouble(s);
                } catch (NumberFormatException e2) {
                    return 0;
                }
            }
        }

        static double real(Object o) {
            if (o instanceof Long l) {
                return l;
            }
            if (o instanceof Double d) {
                return d;
            }
            if (o instanceof Boolean b) {
                return b ? 1 : 0;
            }
            try {
                return Double.parseDouble(o == null ? "" : o.toString().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        private static boolean eq(List<Object> a) {
            Object first = a.get(0);
            for (int i = 1; i < a.size(); i++) {
                Object other = a.get(i);
                boolean same = first instanceof Number && other instanceof Number
                        ? real(first) == real(other)
                        : print(first).equals(print(other));
                if (same) {
                    return true;
                }
            }
            return false;
        }

        private static boolean compare(String op, Object x, Object y) {
            int cmp = x instanceof Number && y instanceof Number
                    ? Double.compare(real(x), real(y))
                    : print(x).compareTo(print(y));
            return switch (op) {
                case "lt" -> cmp < 0;
                case "le" -> cmp <= 0;
                case "gt" -> cmp > 0;
                default -> cmp >= 0;
            };
        }

        private static Instant time(Object o) {
            return o instanceof Instant t ? t : Instant.ofEpochSecond(integer(o));
        }

        private static Instant unixToTime(String s) {
            long v = Long.parseLong(s.trim());
            return switch (s.trim().length()) {
                case 10 -> Instant.ofEpochSecond(v);
                case 13 -> Instant.ofEpochMilli(v);
                case 16 -> Instant.ofEpochSecond(v / 1_000_000, (v % 1_000_000) * 1000);
                case 19 -> Instant.ofEpochSecond(0, v);
                default -> throw new IllegalArgumentException("unable to convert " + s + " to time");
            };
        }

        private static String title(String s) {
            StringBuilder b = new StringBuilder(s.length());
            boolean start = true;
            for (char c : s.toCharArray()) {
                b.append(start ? Character.toTitleCase(c) : c);
                start = Character.isWhitespace(c);
            }
            return b.toString();
        }

        private static String trimChars(String s, String cutset, boolean left, boolean right) {
            int from = 0;
            int to = s.length();
            while (left && from < to && cutset.indexOf(s.charAt(from)) >= 0) {
                from++;
            }
            while (right && to > from && cutset.indexOf(s.charAt(to - 1)) >= 0) {
                to--;
            }
            return s.substring(from, to);
        }

        private static String removeSuffix(String s, String suffix) {
            return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
        }

        private static String removePrefix(String s, String prefix) {
            return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
        }

        private static String replaceN(String s, String old, String replacement, int n) {
            if (n < 0) {
                return s.replace(old, replacement);
            }
            String out = s;
            int from = 0;
            for (int i = 0; i < n; i++) {
                int at = out.indexOf(old, from);
                if (at < 0) {
                    break;
                }
                out = out.substring(0, at) + replacement + out.substring(at + old.length());
                from = at + replacement.length();
            }
            return out;
        }

        /** sprig: a negative length keeps the end of the string. */
        private static String trunc(String s, int n) {
            if (n < 0) {
                return -n < s.length() ? s.substring(s.length() + n) : s;
            }
            return n < s.length() ? s.substring(0, n) : s;
        }

        private static String substr(String s, int start, int end) {
            if (start < 0) {
                return s.substring(0, Math.min(Math.max(end, 0), s.length()));
            }
            if (end < 0 || end > s.length()) {
                return start > s.length() ? "" : s.substring(start);
            }
            return start > end ? "" : s.substring(start, end);
        }

        /** Loki's alignLeft/alignRight: pad or cut to exactly {@code n} characters. */
        private static String align(String s, int n, boolean left) {
            if (n <= 0) {
                return "";
            }
            if (s.length() >= n) {
                return left ? s.substring(0, n) : s.substring(s.length() - n);
            }
            String pad = " ".repeat(n - s.length());
            return left ? s + pad : pad + s;
        }

        /** Go's printf verbs mapped onto Java's: %v and %s print as Go, %d %f %x %q as usual. */
        private static String printf(String format, List<Object> args) {
            StringBuilder out = new StringBuilder();
            int arg = 0;
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c != '%' || i + 1 >= format.length()) {
                    out.append(c);
                    continue;
                }
                int j = i + 1;
                while (j < format.length() && "0123456789.-+ #".indexOf(format.charAt(j)) >= 0) {
                    j++;
                }
                if (j >= format.length()) {
                    out.append(format, i, j);
                    break;
                }
                String flags = format.substring(i + 1, j);
                char verb = format.charAt(j);
                i = j;
                if (verb == '%') {
                    out.append('%');
                    continue;
                }
                Object value = arg < args.size() ? args.get(arg++) : null;
                if (value == null) {
                    out.append("%!").append(verb).append("(MISSING)");
                    continue;
                }
                out.append(
                        switch (verb) {
                            case 'd' -> String.format("%" + flags + "d", integer(value));
                            case 'f', 'e', 'g' -> String.format("%" + flags + verb, real(value));
                            case 'x' ->
                                value instanceof String s ? hex(s) : String.format("%" + flags + "x", integer(value));
                            case 'q' -> LineFilter.quote(print(value));
                            case 't' -> String.valueOf(truth(value));
                            default -> String.format("%" + flags + "s", print(value));
                        });
            }
            return out.toString();
        }

        private static String hex(String s) {
            StringBuilder b = new StringBuilder();
            for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
                b.append(String.format("%02x", x));
            }
            return b.toString();
        }
    }
}
