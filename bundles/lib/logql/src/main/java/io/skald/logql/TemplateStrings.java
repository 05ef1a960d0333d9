// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The string functions of sprig and Go's strings package as Loki's templates offer them. */
final class TemplateStrings {
    private TemplateStrings() {}

    static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            b.append(start ? Character.toTitleCase(c) : c);
            start = Character.isWhitespace(c);
        }
        return b.toString();
    }

    static String trimChars(String s, String cutset, boolean left, boolean right) {
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

    static String removeSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    static String removePrefix(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    static String replaceN(String s, String old, String replacement, int n) {
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
    static String trunc(String s, int n) {
        if (n < 0) {
            return -n < s.length() ? s.substring(s.length() + n) : s;
        }
        return n < s.length() ? s.substring(0, n) : s;
    }

    static String substr(String s, int start, int end) {
        if (start < 0) {
            return s.substring(0, Math.min(Math.max(end, 0), s.length()));
        }
        if (end < 0 || end > s.length()) {
            return start > s.length() ? "" : s.substring(start);
        }
        return start > end ? "" : s.substring(start, end);
    }

    /** Loki's alignLeft/alignRight: pad or cut to exactly {@code n} characters. */
    static String align(String s, int n, boolean left) {
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
    static String printf(String format, List<Object> args) {
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
                        case 'd' -> String.format("%" + flags + "d", TemplateValues.integer(value));
                        case 'f', 'e', 'g' -> String.format("%" + flags + verb, TemplateValues.real(value));
                        case 'x' ->
                            value instanceof String s
                                    ? hex(s)
                                    : String.format("%" + flags + "x", TemplateValues.integer(value));
                        case 'q' -> LineFilter.quote(TemplateValues.print(value));
                        case 't' -> String.valueOf(TemplateValues.truth(value));
                        default -> String.format("%" + flags + "s", TemplateValues.print(value));
                    });
        }
        return out.toString();
    }

    static String hex(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }
}
