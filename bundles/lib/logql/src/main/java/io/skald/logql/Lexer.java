// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * LogQL's tokens, cut as Loki's lexer cuts them on top of Go's scanner: keywords in any case,
 * function names only when {@code (} (or {@code by}/{@code without} and {@code (}) follows,
 * durations and byte sizes glued to numbers, {@code [..]} as one RANGE token, {@code #} comments.
 * Like Loki's, it records an error and answers $end instead of throwing, and the first error
 * recorded is the one reported, at the position of the token being scanned.
 */
final class Lexer {
    /** A token; {@code text} is the identifier, the unquoted string or the number as written. */
    record Token(TokenType type, String text, long value) {}

    private static final Map<String, TokenType> TOKENS = new HashMap<>();
    private static final Map<String, TokenType> FUNCTIONS = new HashMap<>();

    static {
        for (TokenType t : TokenType.values()) {
            if (!t.display.equals(t.name()) && t.ordinal() > TokenType.UNKNOWN.ordinal()) {
                TOKENS.put(t.display, t);
            }
        }
        for (TokenType t : new TokenType[] {
            TokenType.RATE,
            TokenType.RATE_COUNTER,
            TokenType.COUNT_OVER_TIME,
            TokenType.BYTES_RATE,
            TokenType.BYTES_OVER_TIME,
            TokenType.AVG_OVER_TIME,
            TokenType.SUM_OVER_TIME,
            TokenType.MIN_OVER_TIME,
            TokenType.MAX_OVER_TIME,
            TokenType.STDVAR_OVER_TIME,
            TokenType.STDDEV_OVER_TIME,
            TokenType.QUANTILE_OVER_TIME,
            TokenType.FIRST_OVER_TIME,
            TokenType.LAST_OVER_TIME,
            TokenType.ABSENT_OVER_TIME,
            TokenType.VECTOR,
            TokenType.SUM,
            TokenType.AVG,
            TokenType.MAX,
            TokenType.MIN,
            TokenType.COUNT,
            TokenType.STDDEV,
            TokenType.STDVAR,
            TokenType.BOTTOMK,
            TokenType.TOPK,
            TokenType.SORT,
            TokenType.SORT_DESC,
            TokenType.APPROX_TOPK
        }) {
            FUNCTIONS.put(t.name().toLowerCase(Locale.ROOT), t);
        }
        FUNCTIONS.put("label_replace", TokenType.LABEL_REPLACE);
        FUNCTIONS.put("bytes", TokenType.BYTES_CONV);
        FUNCTIONS.put("duration", TokenType.DURATION_CONV);
        FUNCTIONS.put("duration_seconds", TokenType.DURATION_SECONDS_CONV);
        FUNCTIONS.put("ip", TokenType.IP);
    }

    private final GoScanner scanner;
    private ParseException firstError;

    Lexer(String query) {
        this.scanner = new GoScanner(query, this::error);
    }

    /** Records an error at the current token position (line 0 once the scanner has moved past it). */
    void error(String message) {
        if (firstError == null) {
            firstError = at(scanner.tokenLine, scanner.tokenColumn, message);
        }
    }

    static ParseException at(int line, int column, String message) {
        if (line == 0 && column == 0) {
            return new ParseException("parse error : " + message);
        }
        return new ParseException("parse error at line " + line + ", col " + column + ": " + message);
    }

    ParseException firstError() {
        return firstError;
    }

    Token next() {
        int r = scanner.scan();
        switch (r) {
            case '#' -> {
                for (int c = scanner.peek(); c != '\n' && c != GoScanner.EOF; ) {
                    c = scanner.nextRune();
                }
                return next();
            }
            case GoScanner.EOF -> {
                return new Token(TokenType.END, "", 0);
            }
            case GoScanner.INT, GoScanner.FLOAT -> {
                String number = scanner.tokenText();
                Token unit = glued(number);
                return unit != null ? unit : new Token(TokenType.NUMBER, number, 0);
            }
            case '-' -> {
                if (scanner.peek() == '-') {
                    Token flag = flag();
                    if (flag != null) {
                        return flag;
                    }
                }
                Token duration = gluedDuration(scanner.tokenText());
                if (duration != null) {
                    return duration;
                }
            }
            case GoScanner.STRING, GoScanner.RAW_STRING -> {
                String text = scanner.tokenText();
                if (text.indexOf(GoScanner.INVALID_RUNE) >= 0) {
                    error("invalid UTF-8 rune");
                    return new Token(TokenType.END, "", 0);
                }
                String value = Unquote.unquote(text);
                if (value == null) {
                    error("invalid syntax");
                    return new Token(TokenType.END, "", 0);
                }
                return new Token(TokenType.STRING, value, 0);
            }
            default -> {
                // punctuation and identifiers below
            }
        }
        if (r == '[') {
            return range();
        }
        String text = scanner.tokenText();
        String lower = text.toLowerCase(Locale.ROOT);
        int peeked = scanner.peek();
        String withNext =
                (text + (peeked < 0 ? "\ufffd" : new String(Character.toChars(peeked)))).toLowerCase(Locale.ROOT);
        TokenType function = FUNCTIONS.get(withNext);
        if (function != null) {
            GoScanner ahead = scanner.copy();
            ahead.nextRune();
            if (isFunction(ahead)) {
                scanner.nextRune();
                return new Token(function, text, 0);
            }
        }
        function = FUNCTIONS.get(lower);
        if (function != null) {
            return isFunction(scanner.copy()) ? new Token(function, text, 0) : new Token(TokenType.IDENTIFIER, text, 0);
        }
        TokenType token = TOKENS.get(withNext);
        if (token != null) {
            scanner.nextRune();
            return new Token(token, withNext, 0);
        }
        token = TOKENS.get(lower);
        return token != null ? new Token(token, lower, 0) : new Token(TokenType.IDENTIFIER, text, 0);
    }

    private Token range() {
        StringBuilder content = new StringBuilder();
        for (int c = scanner.nextRune(); c != GoScanner.EOF; c = scanner.nextRune()) {
            if (c == ']') {
                try {
                    return new Token(
                            TokenType.RANGE, content.toString(), GoNumbers.prometheusDuration(content.toString()));
                } catch (IllegalArgumentException e) {
                    error(e.getMessage());
                    return new Token(TokenType.END, "", 0);
                }
            }
            content.appendCodePoint(c);
        }
        error("missing closing ']' in duration");
        return new Token(TokenType.END, "", 0);
    }

    /** A number with a duration or byte-size unit right after it ({@code 5m}, {@code 20KB}), or null. */
    private Token glued(String number) {
        Token duration = gluedDuration(number);
        if (duration != null) {
            return duration;
        }
        return gluedSuffix(number, false);
    }

    private Token gluedDuration(String prefix) {
        return gluedSuffix(prefix, true);
    }

    private Token gluedSuffix(String prefix, boolean duration) {
        GoScanner ahead = scanner.copy();
        StringBuilder text = new StringBuilder(prefix);
        int consumed = 0;
        for (int c = ahead.peek(); c != GoScanner.EOF && !isSpace(c); c = ahead.peek()) {
            if (!isNumber(c) && c != '.' && !(duration ? isDurationRune(c) : isBytesRune(c))) {
                break;
            }
            text.appendCodePoint(c);
            ahead.nextRune();
            consumed++;
        }
        if (consumed == 0) {
            return null;
        }
        long value;
        try {
            value = duration ? GoNumbers.duration(text.toString()) : GoNumbers.humanizeBytes(text.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (int i = 0; i < consumed; i++) {
            scanner.nextRune();
        }
        return new Token(duration ? TokenType.DURATION : TokenType.BYTES, text.toString(), value);
    }

    private Token flag() {
        GoScanner ahead = scanner.copy();
        StringBuilder text = new StringBuilder(scanner.tokenText());
        int consumed = 0;
        for (int c = ahead.peek(); c >= 0 && (Character.isLetter(c) || c == '-'); c = ahead.peek()) {
            text.appendCodePoint(c);
            ahead.nextRune();
            consumed++;
        }
        String flag = text.toString();
        if (!flag.equals("--strict") && !flag.equals("--keep-empty")) {
            return null;
        }
        for (int i = 0; i < consumed; i++) {
            scanner.nextRune();
        }
        return new Token(TokenType.FUNCTION_FLAG, flag, 0);
    }

    /**
     * Whether {@code (} follows, or {@code by}/{@code without} and then {@code (}. Loki reads the rest
     * of the query while it looks (and so reports a bad rune anywhere after); that is kept, without
     * reading it all.
     */
    private static boolean isFunction(GoScanner ahead) {
        skipSpace(ahead);
        StringBuilder word = new StringBuilder();
        for (int c = ahead.nextRune(); c != GoScanner.EOF; c = ahead.nextRune()) {
            word.appendCodePoint(c);
            String w = word.toString().toLowerCase(Locale.ROOT);
            if (w.equals("(")) {
                return true;
            }
            if (w.equals("by") || w.equals("without")) {
                skipSpace(ahead);
                return ahead.nextRune() == '(';
            }
            if (!"by".startsWith(w) && !"without".startsWith(w)) {
                ahead.readToEnd();
                return false;
            }
        }
        return false;
    }

    private static void skipSpace(GoScanner s) {
        while (s.peek() != GoScanner.EOF && isSpace(s.peek())) {
            s.nextRune();
        }
    }

    /** Go's unicode.IsSpace. */
    static boolean isSpace(int c) {
        return c == '\t'
                || c == '\n'
                || c == 0x0B
                || c == '\f'
                || c == '\r'
                || c == ' '
                || c == 0x85
                || c == 0xA0
                || (c > 0xFF && Character.isSpaceChar(c));
    }

    /** Go's unicode.IsNumber: decimal digits, letter numbers and other numbers. */
    private static boolean isNumber(int c) {
        int type = Character.getType(c);
        return type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private static boolean isDurationRune(int c) {
        return "nuµmshdwy".indexOf(c) >= 0;
    }

    private static boolean isBytesRune(int c) {
        return "BikKMGTP".indexOf(c) >= 0;
    }
}
