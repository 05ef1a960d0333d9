// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * String literals as Loki reads them (Prometheus' unquoting): backquoted text verbatim, and in
 * double quotes Go's escapes, where {@code \x} and octal escapes are bytes and the result is read
 * as UTF-8. Null for what Go calls invalid syntax.
 */
final class Unquote {
    private Unquote() {}

    static String unquote(String token) {
        int n = token.length();
        if (n < 2 || token.charAt(0) != token.charAt(n - 1)) {
            return null;
        }
        char quote = token.charAt(0);
        String body = token.substring(1, n - 1);
        if (quote == '`') {
            return body.indexOf('`') >= 0 ? null : body;
        }
        if (quote != '"' || body.indexOf('\n') >= 0) {
            return null;
        }
        if (body.indexOf('\\') < 0 && body.indexOf('"') < 0) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '"') {
                return null;
            }
            if (c != '\\') {
                int cp = body.codePointAt(i);
                i += Character.charCount(cp);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 1 >= body.length()) {
                return null;
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write(8);
                case 'f' -> out.write(12);
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(11);
                case '\\' -> out.write('\\');
                case '"' -> out.write('"');
                case 'x', 'u', 'U' -> {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    long v = hex(body, i, digits);
                    if (v < 0) {
                        return null;
                    }
                    i += digits;
                    if (e == 'x') {
                        out.write((int) v);
                    } else if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
                        return null;
                    } else {
                        out.writeBytes(new String(Character.toChars((int) v)).getBytes(StandardCharsets.UTF_8));
                    }
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > body.length()) {
                        return null;
                    }
                    int v = e - '0';
                    for (int k = 0; k < 2; k++) {
                        char d = body.charAt(i + k);
                        if (d < '0' || d > '7') {
                            return null;
                        }
                        v = v * 8 + (d - '0');
                    }
                    if (v > 255) {
                        return null;
                    }
                    i += 2;
                    out.write(v);
                }
                default -> {
                    return null;
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long hex(String s, int from, int digits) {
        if (from + digits > s.length()) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < digits; k++) {
            int d = Character.digit(s.charAt(from + k), 16);
            if (d < 0 || s.charAt(from + k) > 'f') {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
