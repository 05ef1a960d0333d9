// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parser stages {@code json}, {@code regexp}, {@code pattern}, {@code unpack} ({@code logfmt} is
 * {@link LogfmtStage}). Extracted names are sanitised to label names; a parser that cannot read a line
 * keeps it and sets {@code __error__=JSONParserErr}.
 */
final class Parsers {
    private static final JsonFactory JSON = new JsonFactory();

    private Parsers() {}

    /** A label name Prometheus accepts: other characters become {@code _}. */
    static String sanitize(String key) {
        StringBuilder b = null;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok && b == null) {
                b = new StringBuilder(key.length()).append(key, 0, i);
            }
            if (b != null) {
                b.append(ok ? c : '_');
            }
        }
        return b == null ? key : b.toString();
    }

    /** {@code name="expression"} of json and logfmt parameters; a bare name is its own expression. */
    record Param(String name, String expression) {
        @Override
        public String toString() {
            return expression == null ? name : name + "=" + LineFilter.quote(expression);
        }
    }

    static String params(List<Param> params) {
        return params.stream().map(Param::toString).collect(Collectors.joining(", "));
    }

    /** {@code | json}: every scalar field, nested names joined with {@code _}; with params, the named paths. */
    static final class Json implements Stage {
        private static final ObjectMapper MAPPER = new ObjectMapper(JSON); // only for json with parameters
        private final List<Param> params;
        private final List<List<Object>> paths; // String field names and Integer indexes

        Json(List<Param> params) throws ParseException {
            this.params = List.copyOf(params);
            this.paths = new ArrayList<>();
            for (Param p : params) {
                paths.add(path(p.expression() == null ? p.name() : p.expression()));
            }
        }

        /** {@code a.b[0]["c d"]} as its steps. */
        static List<Object> path(String expression) throws ParseException {
            List<Object> steps = new ArrayList<>();
            int i = 0;
            int n = expression.length();
            while (i < n) {
                char c = expression.charAt(i);
                if (c == '.') {
                    i++;
                } else if (c == '[') {
                    int close = expression.indexOf(']', i);
                    if (close < 0) {
                        throw new ParseException("parse error : invalid json expression \"" + expression + "\"");
                    }
                    String inner = expression.substring(i + 1, close).trim();
                    if (inner.startsWith("\"") && inner.endsWith("\"") && inner.length() >= 2) {
                        steps.add(inner.substring(1, inner.length() - 1));
                    } else {
                        try {
                            steps.add(Integer.parseInt(inner));
                        } catch (NumberFormatException e) {
                            throw new ParseException("parse error : invalid json expression \"" + expression + "\"");
                        }
                    }
                    i = close + 1;
                } else {
                    int start = i;
                    while (i < n && expression.charAt(i) != '.' && expression.charAt(i) != '[') {
                        i++;
                    }
                    steps.add(expression.substring(start, i));
                }
            }
            if (steps.isEmpty()) {
                throw new ParseException("parse error : invalid json expression \"" + expression + "\"");
            }
            return steps;
        }

        @Override
        public boolean process(LineState state) {
            if (!paths.isEmpty()) {
                return extractPaths(state);
            }
            Set<String> seen = state.seen;
            seen.clear();
            try (JsonParser p = JSON.createParser(state.buffer(), state.offset(), state.length())) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    state.setError("JSONParserErr", "Value looks like object, but can't find closing '}' symbol");
                    return true;
                }
                object(p, "", state, seen);
            } catch (IOException e) {
                state.setError(
                        "JSONParserErr",
                        e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
            }
            return true;
        }

        private boolean extractPaths(LineState state) {
            JsonNode root;
            try {
                root = MAPPER.readTree(state.buffer(), state.offset(), state.length());
            } catch (IOException e) {
                state.setError("JSONParserErr", e.getMessage());
                return true;
            }
            if (root == null || !root.isObject()) {
                state.setError("JSONParserErr", "Value looks like object, but can't find closing '}' symbol");
                return true;
            }
            for (int i = 0; i < paths.size(); i++) {
                JsonNode node = root;
                for (Object step : paths.get(i)) {
                    node = step instanceof Integer index ? node.path(index) : node.path((String) step);
                }
                String value = node.isMissingNode() || node.isNull()
                        ? ""
                        : node.isValueNode() ? node.asText() : node.toString();
                state.putExtracted(sanitize(params.get(i).name()), value, null);
            }
            return true;
        }

        private static void object(JsonParser p, String prefix, LineState state, Set<String> seen) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = prefix + sanitize(p.currentName());
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT) {
                    object(p, name + "_", state, seen);
                } else if (t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (t != JsonToken.VALUE_NULL && state.wants(name)) {
                    state.putExtracted(name, p.getText(), seen);
                }
            }
        }

        @Override
        public String toString() {
            return params.isEmpty() ? "| json" : "| json " + params(params);
        }
    }

    /** {@code | regexp "(?P<name>…)"}: the named groups of the first match. */
    static final class Regexp implements Stage {
        private final String regex;
        private final Pattern pattern;
        private final String[] names;

        Regexp(String regex) throws ParseException {
            this.regex = regex;
            try {
                this.pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new ParseException(
                        "parse error : invalid regex " + LineFilter.quote(regex) + ": " + e.getDescription());
            }
            Map<String, Integer> groups = pattern.namedGroups();
            if (groups.isEmpty()) {
                throw new ParseException("parse error : at least one named capture must be supplied");
            }
            this.names = new String[pattern.groupCount() + 1];
            groups.forEach((name, index) -> names[index] = name);
        }

        @Override
        public boolean process(LineState state) {
            com.google.re2j.Matcher m = pattern.matcher(state.text());
            if (m.find()) {
                for (int g = 1; g < names.length; g++) {
                    if (names[g] != null && m.group(g) != null) {
                        state.putExtracted(sanitize(names[g]), m.group(g), null);
                    }
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "| regexp " + LineFilter.quote(regex);
        }
    }

    /** {@code | pattern "<ip> - <_> …"}: named captures become labels; a line that does not fit adds nothing. */
    static final class PatternParser implements Stage {
        private final LinePattern pattern;

        PatternParser(String text) throws ParseException {
            this.pattern = new LinePattern(text);
            String problem = pattern.parserProblem();
            if (problem != null) {
                throw new ParseException("parse error : " + problem);
            }
        }

        @Override
        public boolean process(LineState state) {
            String[] values = pattern.captures(state.text());
            if (values != null) {
                List<String> names = pattern.names();
                for (int i = 0; i < values.length; i++) {
                    if (!names.get(i).equals("_")) {
                        state.putExtracted(names.get(i), values[i], null);
                    }
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "| pattern " + LineFilter.quote(pattern.toString());
        }
    }

    /** {@code | unpack}: Promtail's {@code pack} undone: string fields become labels, {@code _entry} the line. */
    static final class Unpack implements Stage {
        @Override
        public boolean process(LineState state) {
            String entry = null;
            try (JsonParser p = JSON.createParser(state.buffer(), state.offset(), state.length())) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    state.setError("JSONParserErr", "expecting json object");
                    return true;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        p.skipChildren();
                    } else if (t == JsonToken.VALUE_STRING) {
                        if (name.equals("_entry")) {
                            entry = p.getText();
                        } else {
                            state.putExtracted(sanitize(name), p.getText(), null);
                        }
                    }
                }
            } catch (IOException e) {
                state.setError(
                        "JSONParserErr",
                        e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
                return true;
            }
            if (entry != null) {
                state.setLine(entry);
            }
            return true;
        }

        @Override
        public String toString() {
            return "| unpack";
        }
    }
}
