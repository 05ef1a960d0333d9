// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.nio.charset.StandardCharsets;

/**
 * The strings of a logfmt pair, made only for pairs that are kept: keys sanitised as Loki's
 * {@code sanitizeLabelKey} does, values unquoted as Loki's decoder does (Go's JSON escapes plus
 * {@code \'}), and in both what Go would see as invalid UTF-8 treated as Go treats it, byte by byte.
 */
final class LogfmtValues {
    private static final int REPLACEMENT = 0xFFFD;

    private LogfmtValues() {}

    /** A key as a label name: a leading digit gets a {@code _} before it, other characters become {@code _}. */
    static String key(byte[] b, int from, int to, boolean ascii) {
        if (!ascii) {
            return sanitize(new String(b, from, to - from, StandardCharsets.UTF_8));
        }
        boolean plain = !isDigit(b[from]);
        for (int i = from; i < to && plain; i++) {
            plain = isLabelChar(b[i]);
        }
        if (plain) { // the usual key: its bytes are its name
            return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        }
        return sanitize(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /** Loki's {@code sanitizeLabelKey(key, true)}: trims Unicode spaces, works on code points. */
    static String sanitize(String key) {
        int from = 0;
        int to = key.length();
        while (from < to && isSpace(key.codePointAt(from))) {
            from += Character.charCount(key.codePointAt(from));
        }
        while (to > from && isSpace(key.codePointBefore(to))) {
            to -= Character.charCount(key.codePointBefore(to));
        }
        StringBuilder out = new StringBuilder(to - from + 1);
        if (from < to && isDigit(key.charAt(from))) {
            out.append('_');
        }
        for (int i = from; i < to; ) {
            int c = key.codePointAt(i);
            out.append(c < 128 && isLabelChar(c) ? (char) c : '_');
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /**
     * A value's string. Escapes are undone when {@code escaped}; a byte Go cannot decode and a U+FFFD
     * become a space (Loki's {@code removeInvalidUtf}), or, with {@code dropInvalid}, the whole value
     * is empty (as Loki's logfmt with parameters has it).
     */
    static String value(byte[] b, int from, int to, boolean escaped, boolean dropInvalid) {
        if (from >= to) {
            return "";
        }
        if (!escaped) {
            int i = from;
            while (i < to && b[i] >= 0) {
                i++;
            }
            if (i == to) { // plain ASCII, by far the most common value
                return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
            }
        }
        StringBuilder out = new StringBuilder(to - from);
        boolean invalid = false;
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c == '\\' && escaped) {
                int e = b[i + 1]; // validEscapes was checked by the scanner: the escape is complete
                i += 2;
                switch (e) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        int r = hex4(b, i, to);
                        i += 4;
                        if (r >= 0xD800 && r <= 0xDFFF) { // a surrogate: a pair makes one code point
                            int low = i + 1 < to && b[i] == '\\' && b[i + 1] == 'u' ? hex4(b, i + 2, to) : -1;
                            if (r <= 0xDBFF && low >= 0xDC00 && low <= 0xDFFF) {
                                out.appendCodePoint(Character.toCodePoint((char) r, (char) low));
                                i += 6;
                            } else {
                                invalid = true;
                                out.append(' ');
                            }
                        } else if (r == REPLACEMENT) {
                            invalid = true;
                            out.append(' ');
                        } else {
                            out.append((char) r);
                        }
                    }
                    default -> out.append((char) e); // " \ / '
                }
            } else if (c >= 0) {
                out.append((char) c);
                i++;
            } else {
                int size = runeLength(b, i, to);
                int cp = size < 0 ? REPLACEMENT : new String(b, i, size, StandardCharsets.UTF_8).codePointAt(0);
                if (cp == REPLACEMENT) {
                    invalid = true;
                    out.append(' ');
                } else {
                    out.appendCodePoint(cp);
                }
                i += size < 0 ? 1 : size;
            }
        }
        return invalid && dropInvalid ? "" : out.toString();
    }

    /** Whether a non-ASCII key is one Loki's decoder takes: valid UTF-8 without U+FFFD. */
    static boolean validKey(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int size = runeLength(b, i, to);
            if (size < 0
                    || (size == 3 && (b[i] & 0xff) == 0xEF && (b[i + 1] & 0xff) == 0xBF && (b[i + 2] & 0xff) == 0xBD)) {
                return false;
            }
            i += size;
        }
        return true;
    }

    /** Whether every escape between quotes is one Go's JSON unquoting accepts (else "invalid quoted value"). */
    static boolean validEscapes(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != '\\') {
                continue;
            }
            int e = i + 1 < to ? b[i + 1] : -1;
            switch (e) {
                case '"', '\\', '/', '\'', 'b', 'f', 'n', 'r', 't' -> i++;
                case 'u' -> {
                    if (hex4(b, i + 2, to) < 0) {
                        return false;
                    }
                    i += 5;
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /** Four hex digits at {@code i} as a number, or -1. */
    private static int hex4(byte[] b, int i, int to) {
        if (i + 4 > to) {
            return -1;
        }
        int r = 0;
        for (int k = i; k < i + 4; k++) {
            int d = Character.digit(b[k], 16);
            if (d < 0 || b[k] < 0) {
                return -1;
            }
            r = r << 4 | d;
        }
        return r;
    }

    /** The length of the well-formed UTF-8 sequence starting at {@code i} (a lead byte ≥ 0x80), or -1. */
    static int runeLength(byte[] b, int i, int to) {
        int c = b[i] & 0xff;
        int size;
        int lo = 0x80;
        int hi = 0xBF; // the range of the second byte; later ones are always 80..BF
        if (c >= 0xC2 && c <= 0xDF) {
            size = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            size = 3;
            lo = c == 0xE0 ? 0xA0 : 0x80; // no overlong forms
            hi = c == 0xED ? 0x9F : 0xBF; // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            size = 4;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
        } else {
            return -1;
        }
        if (i + size > to) {
            return -1;
        }
        int second = b[i + 1] & 0xff;
        if (second < lo || second > hi) {
            return -1;
        }
        for (int k = i + 2; k < i + size; k++) {
            if ((b[k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return size;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLabelChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || isDigit(c);
    }

    /** Go's unicode.IsSpace. */
    private static boolean isSpace(int c) {
        return c == ' '
                || (c >= '\t' && c <= '\r')
                || c == 0x85
                || c == 0xA0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x3000;
    }
}
