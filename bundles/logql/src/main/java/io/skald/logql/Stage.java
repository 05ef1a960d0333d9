// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A pipeline stage after the line filters: a parser that adds labels extracted from the line
 * ({@code | logfmt}, {@code | json}), or a label filter ({@code | status >= 500}). A parser that
 * cannot read a line keeps it and sets {@code __error__}, as Loki does.
 */
public sealed interface Stage permits Stage.Logfmt, Stage.Json, Stage.LabelFilter {
    String ERROR = "__error__";

    /** Applies the stage to {@code labels} (mutable, stream labels plus what earlier stages added); false drops the line. */
    boolean apply(byte[] line, Map<String, String> labels);

    /** {@code | logfmt}: {@code key=value} pairs, quoted values unescaped, bare keys empty. */
    record Logfmt() implements Stage {
        @Override
        public boolean apply(byte[] line, Map<String, String> labels) {
            String s = new String(line, StandardCharsets.UTF_8);
            int i = 0;
            int n = s.length();
            try {
                while (i < n) {
                    while (i < n && s.charAt(i) == ' ') {
                        i++;
                    }
                    int keyStart = i;
                    while (i < n && s.charAt(i) != '=' && s.charAt(i) != ' ') {
                        i++;
                    }
                    String key = s.substring(keyStart, i);
                    String value = "";
                    if (i < n && s.charAt(i) == '=') {
                        i++;
                        if (i < n && s.charAt(i) == '"') {
                            StringBuilder b = new StringBuilder();
                            i++;
                            while (i < n && s.charAt(i) != '"') {
                                char c = s.charAt(i++);
                                if (c == '\\' && i < n) {
                                    char e = s.charAt(i++);
                                    b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                                } else {
                                    b.append(c);
                                }
                            }
                            if (i >= n) {
                                throw new IllegalArgumentException("unterminated quote");
                            }
                            i++;
                            value = b.toString();
                        } else {
                            int valueStart = i;
                            while (i < n && s.charAt(i) != ' ') {
                                i++;
                            }
                            value = s.substring(valueStart, i);
                        }
                    }
                    if (!key.isEmpty()) {
                        put(labels, sanitize(key), value);
                    }
                }
            } catch (IllegalArgumentException e) {
                labels.put(ERROR, "LogfmtParserErr");
            }
            return true;
        }

        @Override
        public String toString() {
            return "| logfmt";
        }
    }

    /** {@code | json}: every scalar field, nested names joined with {@code _}; arrays are skipped. */
    record Json() implements Stage {
        private static final JsonFactory JSON = new JsonFactory();

        @Override
        public boolean apply(byte[] line, Map<String, String> labels) {
            try (JsonParser p = JSON.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    labels.put(ERROR, "JSONParserErr");
                    return true;
                }
                object(p, "", labels);
            } catch (IOException e) {
                labels.put(ERROR, "JSONParserErr");
            }
            return true;
        }

        private static void object(JsonParser p, String prefix, Map<String, String> labels) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = prefix + sanitize(p.currentName());
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT) {
                    object(p, name + "_", labels);
                } else if (t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (t != JsonToken.VALUE_NULL) {
                    put(labels, name, p.getText());
                }
            }
        }

        @Override
        public String toString() {
            return "| json";
        }
    }

    /** {@code | name op value}: a string matcher, or a numeric comparison when the value is a number. */
    record LabelFilter(Matcher matcher, String name, String numericOp, double number) implements Stage {
        static LabelFilter string(Matcher matcher) {
            return new LabelFilter(matcher, matcher.name(), null, 0);
        }

        static LabelFilter numeric(String name, String op, double number) {
            return new LabelFilter(null, name, op, number);
        }

        @Override
        public boolean apply(byte[] line, Map<String, String> labels) {
            if (matcher != null) {
                return matcher.matches(labels.get(name));
            }
            String v = labels.get(name);
            if (v == null) {
                return false;
            }
            double x;
            try {
                x = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return false; // Loki marks these LabelFilterErr; a filter on a number never matches text
            }
            return switch (numericOp) {
                case ">" -> x > number;
                case ">=" -> x >= number;
                case "<" -> x < number;
                case "<=" -> x <= number;
                case "==" -> x == number;
                default -> x != number;
            };
        }

        @Override
        public String toString() {
            return "| " + (matcher != null ? matcher.toString() : name + " " + numericOp + " " + formatNumber(number));
        }
    }

    static String formatNumber(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** A label name Prometheus accepts: other characters become {@code _}. */
    static String sanitize(String key) {
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            b.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9') ? c : '_');
        }
        return b.toString();
    }

    /** Loki keeps a clashing stream label and adds the extracted one with {@code _extracted}. */
    private static void put(Map<String, String> labels, String name, String value) {
        labels.put(labels.containsKey(name) && !labels.get(name).equals(value) ? name + "_extracted" : name, value);
    }
}
