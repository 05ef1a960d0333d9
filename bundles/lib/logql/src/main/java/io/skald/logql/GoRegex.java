// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/** Go's regexp replacement semantics on RE2J, for label_replace and the regexReplaceAll template functions. */
final class GoRegex {
    private GoRegex() {}

    /** Go's ReplaceAllString (or ReplaceAllLiteralString): every match replaced by the expanded template. */
    static String replaceAll(Pattern pattern, String input, String template, boolean literal) {
        Matcher m = pattern.matcher(input);
        StringBuilder out = new StringBuilder();
        int last = 0;
        int from = 0;
        while (from <= input.length() && m.find(from)) {
            out.append(input, last, m.start());
            if (literal) {
                out.append(template);
            } else {
                expand(template, m, out);
            }
            last = m.end();
            from = m.end() == m.start() ? m.end() + 1 : m.end(); // step over an empty match
        }
        out.append(input, Math.min(last, input.length()), input.length());
        return out.toString();
    }

    /** Go's regexp.Expand: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}. */
    static void expand(String template, Matcher m, StringBuilder out) {
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            int j = i + 1;
            String name;
            if (template.charAt(j) == '{') {
                int close = template.indexOf('}', j);
                if (close < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(j + 1, close);
                j = close + 1;
            } else {
                int k = j;
                while (k < template.length()
                        && (Character.isLetterOrDigit(template.charAt(k)) || template.charAt(k) == '_')) {
                    k++;
                }
                name = template.substring(j, k);
                j = k;
            }
            if (name.isEmpty()) {
                out.append(c);
                i++;
                continue;
            }
            String value;
            try {
                value = name.chars().allMatch(Character::isDigit) ? m.group(Integer.parseInt(name)) : m.group(name);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                value = "";
            }
            out.append(value == null ? "" : value);
            i = j;
        }
    }
}
