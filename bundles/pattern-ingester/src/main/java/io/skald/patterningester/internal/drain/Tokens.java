// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

/**
 * A line split for Drain.
 *
 * @param tokens      what Drain compares position by position
 * @param spacesAfter for each space of the line, the index of the token it follows (-1 before the
 *                    first), so that a pattern is printed with the line's own spacing; {@code null}
 *                    for formats that print themselves (logfmt)
 */
record Tokens(String[] tokens, int[] spacesAfter) {
    /** The line is longer than {@code max_allowed_line_length}: skipped, and counted as such. */
    static final Tokens TOO_LONG = new Tokens(new String[0], null);

    /** Whether a line or message of {@code s} is longer than {@code maxBytes} in UTF-8, as Loki measures it. */
    static boolean longerThan(String s, int maxBytes) {
        int chars = s.length();
        if (chars > maxBytes) {
            return true;
        }
        if ((long) chars * 3 <= maxBytes) {
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes > maxBytes;
    }
}
