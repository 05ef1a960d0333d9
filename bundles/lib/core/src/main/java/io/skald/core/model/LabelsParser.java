// SPDX-License-Identifier: Apache-2.0
package io.skald.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a stream selector's label set as clients send it in a push: {@code {name="value", …}}.
 * Errors read like Loki's ({@code 1:4: parse error: unterminated quoted string}), with line:column
 * of the offending character.
 */
public final class LabelsParser {
    private final String text;
    private int pos;

    private LabelsParser(String text) {
        this.text = text;
    }

    /** The pairs in the order written; duplicates are kept for the validator to name. */
    public static List<Labels.Label> parse(String text) throws LabelsParseException {
        return new LabelsParser(text).parseAll();
    }

    private List<Labels.Label> parseAll() throws LabelsParseException {
        List<Labels.Label> out = new ArrayList<>();
        skipSpace();
        expect('{');
        skipSpace();
        if (peek() == '}') {
            pos++;
            return trailing(out);
        }
        while (true) {
            skipSpace();
            String name = name();
            skipSpace();
            expect('=');
            skipSpace();
            String value = quoted();
            out.add(new Labels.Label(name, value));
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
                continue;
            }
            if (c == '}') {
                pos++;
                return trailing(out);
            }
            throw error(
                    c == 0
                            ? "unexpected end of input, expected } or ,"
                            : "unexpected character '" + c + "', expected } or ,");
        }
    }

    private List<Labels.Label> trailing(List<Labels.Label> out) throws LabelsParseException {
        skipSpace();
        if (pos < text.length()) {
            throw error("unexpected character '" + text.charAt(pos) + "' after }");
        }
        return out;
    }

    private String name() throws LabelsParseException {
        int start = pos;
        if (pos < text.length() && isNameStart(text.charAt(pos))) {
            pos++;
            while (pos < text.length() && isNameChar(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }
        char c = peek();
        throw error(
                c == 0
                        ? "unexpected end of input, expected label name"
                        : "unexpected character '" + c + "', expected label name");
    }

    private String quoted() throws LabelsParseException {
        char quote = peek();
        if (quote != '"' && quote != '`') {
            throw error(
                    quote == 0
                            ? "unexpected end of input, expected quoted label value"
                            : "unexpected character '" + quote + "', expected quoted label value");
        }
        int start = pos;
        pos++;
        StringBuilder b = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return b.toString();
            }
            if (c == '\\' && quote == '"') {
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case '\\', '"', '\'' -> b.append(e);
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("invalid escape sequence");
                        }
                        b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw errorAt(pos - 1, "invalid escape sequence '\\" + e + "'");
                }
            } else if (c == '\n' && quote == '"') {
                throw errorAt(start, "unterminated quoted string");
            } else {
                b.append(c);
            }
        }
        throw errorAt(start, "unterminated quoted string");
    }

    private void expect(char c) throws LabelsParseException {
        if (peek() != c) {
            char got = peek();
            throw error(
                    got == 0
                            ? "unexpected end of input, expected " + c
                            : "unexpected character '" + got + "', expected " + c);
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    public static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    public static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    /** Whether {@code name} is a valid label name: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    public static boolean isValidName(String name) {
        if (name.isEmpty() || !isNameStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private LabelsParseException error(String message) {
        return errorAt(pos, message);
    }

    private LabelsParseException errorAt(int at, String message) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new LabelsParseException(line + ":" + col + ": parse error: " + message);
    }
}
