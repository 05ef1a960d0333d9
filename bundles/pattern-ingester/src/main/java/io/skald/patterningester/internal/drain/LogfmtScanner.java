// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

/**
 * Reads {@code key=value} pairs the way Loki's logfmt decoder does, including where it gives up:
 * a quote or {@code =} inside a key or bare value, an unterminated or invalid quoted value, or a key
 * holding an invalid UTF-8 sequence. A bare key has the empty value.
 */
final class LogfmtScanner {
    private final String line;
    private int pos;
    private String key;
    private String value;
    private boolean failed;

    LogfmtScanner(String line) {
        this.line = line;
    }

    boolean atEnd() {
        return pos >= line.length();
    }

    boolean failed() {
        return failed;
    }

    String key() {
        return key;
    }

    String value() {
        return value;
    }

    /** Advances to the next pair; false at the end of the line or on a syntax error ({@link #failed()}). */
    boolean next() {
        key = null;
        value = "";
        int n = line.length();
        while (pos < n && line.charAt(pos) <= ' ') {
            pos++;
        }
        if (pos >= n) {
            return false;
        }
        int start = pos;
        while (pos < n) {
            char c = line.charAt(pos);
            if (c == '=') {
                if (pos == start) {
                    return fail();
                }
                key = line.substring(start, pos);
                if (key.indexOf('\uFFFD') >= 0) {
                    return fail();
                }
                pos++;
                return scanValue();
            }
            if (c == '"') {
                return fail();
            }
            if (c <= ' ') {
                break;
            }
            pos++;
        }
        key = line.substring(start, pos); // a bare key
        if (key.indexOf('\uFFFD') >= 0) {
            failed = true;
            return false;
        }
        return true;
    }

    private boolean scanValue() {
        int n = line.length();
        if (pos >= n || line.charAt(pos) <= ' ') {
            return true;
        }
        if (line.charAt(pos) == '"') {
            return quotedValue();
        }
        int start = pos;
        while (pos < n) {
            char c = line.charAt(pos);
            if (c == '=' || c == '"') {
                return fail();
            }
            if (c <= ' ') {
                break;
            }
            pos++;
        }
        value = line.substring(start, pos);
        return true;
    }

    private boolean quotedValue() {
        int n = line.length();
        boolean escaped = false;
        boolean hasEscapes = false;
        for (int i = pos + 1; i < n; i++) {
            char c = line.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                hasEscapes = true;
                escaped = true;
            } else if (c == '"') {
                String inner = line.substring(pos + 1, i);
                pos = i + 1;
                if (!hasEscapes) {
                    value = inner;
                    return true;
                }
                value = unescape(inner);
                if (value == null) {
                    failed = true;
                    return false;
                }
                return true;
            }
        }
        pos = n;
        failed = true;
        return false;
    }

    /** Skips the rest of the bad pair, as the decoder does, and reports the error. */
    private boolean fail() {
        while (pos < line.length() && line.charAt(pos) > ' ') {
            pos++;
        }
        failed = true;
        return false;
    }

    /** JSON-style escapes ({@code \" \\ \/ \' \b \f \n \r \t \\uXXXX}); {@code null} for an invalid one. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i >= s.length()) {
                return null;
            }
            char e = s.charAt(i);
            switch (e) {
                case '"', '\\', '/', '\'' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (i + 4 >= s.length()) {
                        return null;
                    }
                    try {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException bad) {
                        return null;
                    }
                    i += 4;
                }
                default -> {
                    return null;
                }
            }
        }
        return b.toString();
    }
}
