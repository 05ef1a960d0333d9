// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.util.Arrays;

/**
 * Go's {@code text/scanner} as Loki configures it (Go tokens, comments skipped), over the code
 * points of a query. Loki's positions and several of its messages ({@code literal not terminated},
 * {@code invalid UTF-8 encoding}) come from this scanner, including its quirks: the position is
 * that of the token being scanned, {@link #next()} invalidates the line (an error then reads
 * {@code line 0}), and a copy scans ahead without moving the original. A Java string cannot hold
 * invalid UTF-8; an unpaired surrogate, or U+FFFD, which is what a lenient decoder makes of bad
 * bytes, reads as one invalid byte.
 */
final class GoScanner {
    static final int EOF = -1;
    static final int IDENT = -2;
    static final int INT = -3;
    static final int FLOAT = -4;
    static final int CHAR = -5;
    static final int STRING = -6;
    static final int RAW_STRING = -7;
    static final int INVALID_RUNE = 0xFFFD;
    private static final int UNREAD = -2;

    /** Where a scanner reports an error; every copy reports to the same place. */
    interface ErrorSink {
        void error(String message);
    }

    private final int[] src;
    /** For each index, the first index at or after it holding a rune that makes next() report an error. */
    private final int[] nextBad;

    private final ErrorSink sink;
    private int srcPos;
    private int line = 1;
    private int column;
    private int lastLineLen;
    private int lastCharLen;
    private int ch = UNREAD;
    private int tokPos = -1;
    private int tokEnd;
    /** The position of the most recently scanned token; line 0 when invalidated. */
    int tokenLine;

    int tokenColumn;

    GoScanner(String text, ErrorSink sink) {
        this.src = decode(text);
        this.nextBad = new int[src.length + 1];
        nextBad[src.length] = src.length;
        for (int i = src.length - 1; i >= 0; i--) {
            nextBad[i] = src[i] == INVALID_RUNE || src[i] == 0 ? i : nextBad[i + 1];
        }
        this.sink = sink;
    }

    private GoScanner(GoScanner o) {
        this.src = o.src;
        this.nextBad = o.nextBad;
        this.sink = o.sink;
        this.srcPos = o.srcPos;
        this.line = o.line;
        this.column = o.column;
        this.lastLineLen = o.lastLineLen;
        this.lastCharLen = o.lastCharLen;
        this.ch = o.ch;
        this.tokPos = o.tokPos;
        this.tokEnd = o.tokEnd;
        this.tokenLine = o.tokenLine;
        this.tokenColumn = o.tokenColumn;
    }

    GoScanner copy() {
        return new GoScanner(this);
    }

    private static int[] decode(String text) {
        int[] out = new int[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            out[n++] = Character.isSurrogate((char) cp) && cp <= 0xFFFF ? INVALID_RUNE : cp;
        }
        return Arrays.copyOf(out, n);
    }

    /** Whether scanning from here to the end would read a rune that reports an error. */
    boolean badRuneAhead() {
        return nextBad[Math.min(srcPos, src.length)] < src.length;
    }

    /** Reads past everything up to the end, reporting what Go's scanner would report on the way. */
    void readToEnd() {
        while (badRuneAhead()) {
            srcPos = nextBad[srcPos];
            next();
        }
    }

    private int next() {
        if (srcPos >= src.length) {
            if (lastCharLen > 0) {
                column++;
            }
            lastCharLen = 0;
            return EOF;
        }
        int c = src[srcPos++];
        lastCharLen = 1;
        column++;
        if (c == INVALID_RUNE) {
            error("invalid UTF-8 encoding");
            return c;
        }
        if (c == 0) {
            error("invalid character NUL");
        } else if (c == '\n') {
            line++;
            lastLineLen = column;
            column = 0;
        }
        return c;
    }

    /** The next rune, consumed; like Go, this invalidates the token position. */
    int nextRune() {
        tokPos = -1;
        tokenLine = 0;
        int c = peek();
        if (c != EOF) {
            ch = next();
        }
        return c;
    }

    int peek() {
        if (ch == UNREAD) {
            ch = next();
            if (ch == 0xFEFF) {
                ch = next(); // a byte order mark is ignored
            }
        }
        return ch;
    }

    String tokenText() {
        if (tokPos < 0) {
            return "";
        }
        return new String(src, tokPos, Math.max(0, tokEnd - tokPos));
    }

    private void error(String message) {
        tokEnd = srcPos - lastCharLen;
        sink.error(message);
    }

    static boolean isGoWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isIdentRune(int c, int i) {
        return c == '_' || (c >= 0 && Character.isLetter(c)) || (i > 0 && c >= 0 && Character.isDigit(c));
    }

    static boolean isDecimal(int c) {
        return c >= '0' && c <= '9';
    }

    int scan() {
        int c = peek();
        tokPos = -1;
        tokenLine = 0;
        int tok;
        while (true) {
            while (isGoWhitespace(c)) {
                c = next();
            }
            tokPos = srcPos - lastCharLen;
            if (column > 0) {
                tokenLine = line;
                tokenColumn = column;
            } else {
                tokenLine = line - 1;
                tokenColumn = lastLineLen;
            }
            tok = c;
            if (isIdentRune(c, 0)) {
                tok = IDENT;
                c = next();
                for (int i = 1; isIdentRune(c, i); i++) {
                    c = next();
                }
            } else if (isDecimal(c)) {
                GoNumberScanner number =
                        new GoNumberScanner(this::next, this::error, this::peek, this::tokenTextUpToHere);
                tok = number.scan(c, false);
                c = number.lookahead;
            } else if (c == '"') {
                scanString('"');
                tok = STRING;
                c = next();
            } else if (c == '\'') {
                if (scanString('\'') != 1) {
                    error("invalid char literal");
                }
                tok = CHAR;
                c = next();
            } else if (c == '.') {
                c = next();
                if (isDecimal(c)) {
                    GoNumberScanner number =
                            new GoNumberScanner(this::next, this::error, this::peek, this::tokenTextUpToHere);
                    tok = number.scan(c, true);
                    c = number.lookahead;
                }
            } else if (c == '/') {
                c = next();
                if (c == '/' || c == '*') {
                    tokPos = -1;
                    c = skipComment(c);
                    continue;
                }
            } else if (c == '`') {
                c = next();
                while (c != '`') {
                    if (c < 0) {
                        error("literal not terminated");
                        break;
                    }
                    c = next();
                }
                tok = RAW_STRING;
                c = next();
            } else if (c != EOF) {
                c = next();
            }
            break;
        }
        tokEnd = srcPos - lastCharLen;
        ch = c;
        return tok;
    }

    private String tokenTextUpToHere() {
        tokEnd = srcPos - lastCharLen;
        return tokenText();
    }

    private int skipComment(int c) {
        if (c == '/') {
            c = next();
            while (c != '\n' && c >= 0) {
                c = next();
            }
            return c;
        }
        c = next();
        while (true) {
            if (c < 0) {
                error("comment not terminated");
                return c;
            }
            int previous = c;
            c = next();
            if (previous == '*' && c == '/') {
                return next();
            }
        }
    }

    private int scanString(int quote) {
        int c = next();
        int n = 0;
        while (c != quote) {
            if (c == '\n' || c < 0) {
                error("literal not terminated");
                return n;
            }
            c = c == '\\' ? scanEscape(quote) : next();
            n++;
        }
        return n;
    }

    private int scanEscape(int quote) {
        int c = next();
        switch (c) {
            case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> {
                return next();
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                return scanDigits(c, 8, 3);
            }
            case 'x' -> {
                return scanDigits(next(), 16, 2);
            }
            case 'u' -> {
                return scanDigits(next(), 16, 4);
            }
            case 'U' -> {
                return scanDigits(next(), 16, 8);
            }
            default -> {
                if (c == quote) {
                    return next();
                }
                error("invalid char escape");
                return c;
            }
        }
    }

    private int scanDigits(int c, int base, int n) {
        while (n > 0 && GoNumberScanner.digitValue(c) < base) {
            c = next();
            n--;
        }
        if (n > 0) {
            error("invalid char escape");
        }
        return c;
    }
}
