// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

/**
 * Finds one top-level field of a JSON object without parsing the rest: the pattern ingester reads
 * a single string per line, and most of the line is skipped over, never built into objects.
 */
final class JsonFields {
    private final String json;
    private int pos;

    private JsonFields(String json) {
        this.json = json;
    }

    /**
     * The raw text (escapes as written) of the string value of top-level field {@code name}, or
     * {@code null} when the line is not an object, lacks the field, or its value is not a string.
     */
    static String topLevelString(String json, String name) {
        try {
            return new JsonFields(json).find(name);
        } catch (IndexOutOfBoundsException truncated) {
            return null;
        }
    }

    private String find(String name) {
        skipSpace();
        if (json.charAt(pos) != '{') {
            return null;
        }
        pos++;
        while (true) {
            skipSpace();
            char c = json.charAt(pos);
            if (c != '"') { // '}' (no fields left) or not JSON
                return null;
            }
            int keyStart = pos + 1;
            skipString();
            String key = json.substring(keyStart, pos - 1);
            skipSpace();
            if (json.charAt(pos) != ':') {
                return null;
            }
            pos++;
            skipSpace();
            boolean isString = json.charAt(pos) == '"';
            int valueStart = pos + 1;
            skipValue();
            if (sameKey(key, name)) {
                return isString ? json.substring(valueStart, pos - 1) : null;
            }
            skipSpace();
            if (json.charAt(pos) == ',') {
                pos++;
            } else {
                return null;
            }
        }
    }

    private static boolean sameKey(String raw, String name) {
        if (raw.indexOf('\\') < 0) {
            return raw.equals(name);
        }
        String unescaped = LogfmtScanner.unescape(raw);
        return name.equals(unescaped);
    }

    private void skipSpace() {
        while (pos < json.length()) {
            char c = json.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** From an opening quote to just past its closing quote. */
    private void skipString() {
        pos++;
        while (true) {
            char c = json.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '"') {
                return;
            }
        }
    }

    private void skipValue() {
        char c = json.charAt(pos);
        if (c == '"') {
            skipString();
            return;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (true) {
                char d = json.charAt(pos);
                if (d == '"') {
                    skipString();
                    continue;
                }
                pos++;
                if (d == '{' || d == '[') {
                    depth++;
                } else if ((d == '}' || d == ']') && --depth == 0) {
                    return;
                }
            }
        }
        // number, true, false, null: up to the next delimiter
        while (pos < json.length()) {
            char d = json.charAt(pos);
            if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\t' || d == '\n' || d == '\r') {
                return;
            }
            pos++;
        }
    }
}
