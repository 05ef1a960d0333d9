// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The number literals of Go's scanner: decimal, {@code 0x}, {@code 0o}, {@code 0b} and legacy octal
 * integers, floats with exponents, {@code _} separators, and the same complaints about malformed
 * ones. It reports what Go reports and leaves the value to whoever reads the token text.
 */
final class GoNumberScanner {
    private final IntSupplier next;
    private final Consumer<String> error;
    private final IntSupplier peek;
    private final Supplier<String> text;
    /** The rune after the literal, already read. */
    int lookahead;

    GoNumberScanner(IntSupplier next, Consumer<String> error, IntSupplier peek, Supplier<String> text) {
        this.next = next;
        this.error = error;
        this.peek = peek;
        this.text = text;
    }

    static int digitValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' && c >= 'A' ? lower - 'a' + 10 : 16;
    }

    private int invalidDigit;
    private int separators; // bit 0: a digit was seen, bit 1: an underscore

    private int digits(int c, int base) {
        if (base <= 10) {
            int max = '0' + base;
            while (GoScanner.isDecimal(c) || c == '_') {
                int seen = 1;
                if (c == '_') {
                    seen = 2;
                } else if (c >= max && invalidDigit == 0) {
                    invalidDigit = c;
                }
                separators |= seen;
                c = next.getAsInt();
            }
        } else {
            while (digitValue(c) < 16 || c == '_') {
                separators |= c == '_' ? 2 : 1;
                c = next.getAsInt();
            }
        }
        return c;
    }

    /** Scans the literal starting with {@code c} (the digit after the dot when {@code seenDot}); returns INT or FLOAT. */
    int scan(int c, boolean seenDot) {
        int base = 10;
        char prefix = 0;
        int tok = GoScanner.INT;
        if (!seenDot) {
            if (c == '0') {
                c = next.getAsInt();
                switch (c | 0x20) {
                    case 'x' -> {
                        c = next.getAsInt();
                        base = 16;
                        prefix = 'x';
                    }
                    case 'o' -> {
                        c = next.getAsInt();
                        base = 8;
                        prefix = 'o';
                    }
                    case 'b' -> {
                        int p = peek.getAsInt();
                        if (p == '0' || p == '1') {
                            c = next.getAsInt();
                            base = 2;
                            prefix = 'b';
                        } else {
                            base = 8;
                            prefix = '0';
                            separators = 1;
                        }
                    }
                    default -> {
                        base = 8;
                        prefix = '0';
                        separators = 1; // the leading 0
                    }
                }
            }
            c = digits(c, base);
            if (c == '.') {
                c = next.getAsInt();
                seenDot = true;
            }
        }
        if (seenDot) {
            tok = GoScanner.FLOAT;
            if (prefix == 'o' || prefix == 'b') {
                error.accept("invalid radix point in " + literalName(prefix));
            }
            c = digits(c, base);
        }
        if ((separators & 1) == 0) {
            error.accept(literalName(prefix) + " has no digits");
        }
        int e = c | 0x20;
        if (c >= 'A' && (e == 'e' || (e == 'p' && prefix == 'x'))) {
            if (e == 'e' && prefix != 0 && prefix != '0') {
                error.accept("'" + (char) c + "' exponent requires decimal mantissa");
            }
            c = next.getAsInt();
            tok = GoScanner.FLOAT;
            if (c == '+' || c == '-') {
                c = next.getAsInt();
            }
            int before = separators;
            separators = 0;
            c = digits(c, 10);
            boolean exponentDigits = (separators & 1) != 0;
            separators |= before;
            if (!exponentDigits) {
                error.accept("exponent has no digits");
            }
        } else if (prefix == 'x' && tok == GoScanner.FLOAT) {
            error.accept("hexadecimal mantissa requires a 'p' exponent");
        }
        if (tok == GoScanner.INT && invalidDigit != 0) {
            error.accept("invalid digit '" + (char) invalidDigit + "' in " + literalName(prefix));
        }
        lookahead = c;
        if ((separators & 2) != 0 && GoNumbers.misplacedUnderscore(text.get())) {
            error.accept("'_' must separate successive digits");
        }
        return tok;
    }

    private static String literalName(char prefix) {
        return switch (prefix) {
            case 'x' -> "hexadecimal literal";
            case 'o', '0' -> "octal literal";
            case 'b' -> "binary literal";
            default -> "decimal literal";
        };
    }
}
