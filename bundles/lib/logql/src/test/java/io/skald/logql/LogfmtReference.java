// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The reference {@link LogfmtTest} holds the scanning stage against, on a stream {@code {foo="bar"}}. */
final class LogfmtReference {
    private LogfmtReference() {}

    /** Loki's decoder and LogfmtParser read plainly: one byte at a time, a string for every key and value. */
    static Map<String, String> parse(byte[] b, boolean strict, boolean keepEmpty) {
        Map<String, String> labels = new TreeMap<>(Map.of("foo", "bar"));
        Set<String> seen = new HashSet<>();
        int n = b.length;
        int pos = 0;
        while (pos < n) {
            while (pos < n && (b[pos] & 0xff) <= ' ') {
                pos++;
            }
            if (pos >= n) {
                break;
            }
            int keyStart = pos;
            while (pos < n && b[pos] != '=' && b[pos] != '"' && (b[pos] & 0xff) > ' ') {
                pos++;
            }
            String key = new String(b, keyStart, pos - keyStart, StandardCharsets.UTF_8);
            boolean badKey = key.contains("\uFFFD");
            String value = "";
            String error = null;
            if (pos < n && b[pos] == '"') {
                error = "unexpected '\"' at " + (pos + 1);
            } else if (pos < n && b[pos] == '=') {
                if (pos == keyStart) {
                    error = "unexpected '=' at " + (pos + 1);
                } else if (badKey) {
                    error = "invalid key at " + (pos + 1);
                } else if (++pos < n && b[pos] == '"') {
                    int open = pos++;
                    while (pos < n && b[pos] != '"') {
                        pos += b[pos] == '\\' ? 2 : 1;
                    }
                    if (pos >= n) {
                        pos = n;
                        error = "unterminated quoted value at " + (n + 1);
                    } else {
                        value = unquote(Arrays.copyOfRange(b, open + 1, pos++));
                        if (value == null) {
                            error = "invalid quoted value at " + (pos + 1);
                        }
                    }
                    if (error != null) {
                        pos = error.startsWith("unterminated") ? n : pos;
                        if (strict) {
                            labels.put(Stage.ERROR, "LogfmtParserErr");
                            labels.put(Stage.ERROR_DETAILS, details(error));
                            return labels;
                        }
                        continue;
                    }
                } else {
                    int valueStart = pos;
                    while (pos < n && (b[pos] & 0xff) > ' ' && error == null) {
                        if (b[pos] == '=' || b[pos] == '"') {
                            error = "unexpected '" + (char) b[pos] + "' at " + (pos + 1);
                        } else {
                            pos++;
                        }
                    }
                    value = decode(Arrays.copyOfRange(b, valueStart, pos));
                }
            } else if (badKey) {
                error = "invalid key at " + (pos + 1);
            }
            if (error != null) {
                while (pos < n && (b[pos] & 0xff) > ' ') {
                    pos++;
                }
                if (strict) {
                    labels.put(Stage.ERROR, "LogfmtParserErr");
                    labels.put(Stage.ERROR_DETAILS, details(error));
                    return labels;
                }
                continue;
            }
            String name = LogfmtValues.sanitize(key);
            if (name.isEmpty() || (value.isEmpty() && !keepEmpty)) {
                continue;
            }
            if (name.equals("foo")) {
                name = "foo_extracted";
            }
            if (seen.add(name)) {
                labels.put(name, value);
            }
        }
        return labels;
    }

    private static String details(String error) {
        int at = error.lastIndexOf(" at ");
        return "logfmt syntax error at pos " + error.substring(at + 4) + " : " + error.substring(0, at);
    }

    /** Go's JSON unquoting of a quoted value's inside (null when Go refuses it), then invalid UTF-8 as spaces. */
    static String unquote(byte[] s) {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length; i++) {
            if (s[i] != '\\') {
                plain.write(s[i]);
                continue;
            }
            out.append(decode(plain.toByteArray()));
            plain.reset();
            char e = (char) s[++i];
            if (e == 'u') {
                String hex = i + 4 < s.length ? new String(s, i + 1, 4, StandardCharsets.ISO_8859_1) : "";
                if (!hex.matches("[0-9a-fA-F]{4}")) {
                    return null;
                }
                char c = (char) Integer.parseInt(hex, 16);
                i += 4;
                String next = i + 6 < s.length ? new String(s, i + 1, 6, StandardCharsets.ISO_8859_1) : "";
                if (Character.isHighSurrogate(c) && next.matches("\\\\u[dD][c-fC-F][0-9a-fA-F]{2}")) {
                    out.append(c).append((char) Integer.parseInt(next.substring(2), 16));
                    i += 6;
                } else {
                    out.append(Character.isSurrogate(c) || c == '\uFFFD' ? ' ' : c);
                }
                continue;
            }
            int k = "\"\\/'bfnrt".indexOf(e);
            if (k < 0) {
                return null;
            }
            out.append("\"\\/'\b\f\n\r\t".charAt(k));
        }
        return out.append(decode(plain.toByteArray())).toString();
    }

    /** Bytes as Go reads them: a byte that starts no valid sequence is one space, and so is U+FFFD. */
    static String decode(byte[] b) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < b.length) {
            int size = 0;
            for (int k = 1; k <= 4 && i + k <= b.length && size == 0; k++) {
                byte[] piece = Arrays.copyOfRange(b, i, i + k);
                String s = new String(piece, StandardCharsets.UTF_8);
                if (s.codePointCount(0, s.length()) == 1
                        && Arrays.equals(s.getBytes(StandardCharsets.UTF_8), piece)
                        && (s.codePointAt(0) != 0xFFFD || k == 3)) {
                    size = k;
                }
            }
            if (size == 0) {
                out.append(' ');
                i++;
            } else {
                String s = new String(b, i, size, StandardCharsets.UTF_8);
                out.append(s.equals("\uFFFD") ? " " : s);
                i += size;
            }
        }
        return out.toString();
    }
}
