// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

import java.util.ArrayList;
import java.util.List;

/**
 * Loki's tokenizer for logfmt streams: each key and each (unquoted) value is a token, so Drain
 * compares field by field. Fields that always vary ({@code ts}, {@code t}, {@code time},
 * {@code timestamp}, {@code traceID}) are placeholders from the start. A line that is not valid
 * logfmt is not mined. Patterns are printed back as logfmt, quoting values that need it.
 */
final class LogfmtTokenizer implements LineTokenizer {
    private final String placeholder;
    private final int maxLineLength;

    LogfmtTokenizer(String placeholder, int maxLineLength) {
        this.placeholder = placeholder;
        this.maxLineLength = maxLineLength;
    }

    @Override
    public Tokens tokenize(String line) {
        if (Tokens.longerThan(line, maxLineLength)) {
            return Tokens.TOO_LONG;
        }
        List<String> tokens = new ArrayList<>(32);
        LogfmtScanner scanner = new LogfmtScanner(line);
        while (!scanner.atEnd() && scanner.next()) {
            String key = scanner.key();
            tokens.add(key);
            tokens.add(isVariableField(key) ? placeholder : scanner.value());
        }
        if (scanner.failed()) {
            return null;
        }
        return new Tokens(tokens.toArray(new String[0]), null);
    }

    static boolean isVariableField(String key) {
        return key.equalsIgnoreCase("ts")
                || key.equals("t")
                || key.equalsIgnoreCase("traceID")
                || key.equalsIgnoreCase("time")
                || key.equalsIgnoreCase("timestamp");
    }

    /** As go-logfmt encodes: {@code k=v} pairs; a value with spaces, {@code =} or quotes quoted; an invalid key prints nothing. */
    @Override
    public String join(String[] tokens, int[] spacesAfter) {
        if (tokens.length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder(tokens.length * 8);
        for (int i = 0; i < tokens.length; i += 2) {
            String key = tokens[i];
            String value = i + 1 < tokens.length ? tokens[i + 1] : "";
            if (!validKey(key)) {
                return "";
            }
            if (i > 0) {
                b.append(' ');
            }
            b.append(key).append('=');
            if (needsQuotes(value)) {
                quote(value, b);
            } else {
                b.append(value);
            }
        }
        return b.toString();
    }

    private static boolean validKey(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c == '=' || c == '"' || c == '\uFFFD') {
                return false;
            }
        }
        return true;
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == '=' || c == '"' || c == '\uFFFD') {
                return true;
            }
        }
        return false;
    }

    private static void quote(String value, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\', '"' -> b.append('\\').append(c);
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\uFFFD' -> b.append("\\ufffd");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
