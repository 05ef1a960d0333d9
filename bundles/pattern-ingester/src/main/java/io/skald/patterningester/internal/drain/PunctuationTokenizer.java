// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loki's tokenizer for unstructured lines: a token ends at a space, at {@code =} and at Unicode
 * punctuation, and that punctuation is a token of its own. {@code _ - . : /} stay inside tokens, so
 * paths, hosts, dates and times remain whole; letters, digits and symbols ({@code < > + $ |}) too.
 * At most 127 tokens are split off; the rest of the line becomes the last one.
 */
final class PunctuationTokenizer implements LineTokenizer {
    private static final int MAX_SPLIT = 127;
    private static final boolean[] KEPT_INSIDE = new boolean[128];

    static {
        for (char c : "_-.:/".toCharArray()) {
            KEPT_INSIDE[c] = true;
        }
    }

    private final int maxLineLength;

    PunctuationTokenizer(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    @Override
    public Tokens tokenize(String line) {
        if (Tokens.longerThan(line, maxLineLength)) {
            return Tokens.TOO_LONG;
        }
        List<String> tokens = new ArrayList<>(32);
        int[] spaces = new int[16];
        int spaceCount = 0;
        int start = 0;
        int i = 0;
        while (i < line.length()) {
            if (tokens.size() >= MAX_SPLIT) {
                break;
            }
            int cp = line.codePointAt(i);
            int width = Character.charCount(cp);
            if (!isPartOfToken(cp) && (cp == ' ' || cp == '=' || isPunctuation(cp))) {
                if (i > start) {
                    tokens.add(line.substring(start, i));
                }
                if (cp == ' ') {
                    if (spaceCount == spaces.length) {
                        spaces = Arrays.copyOf(spaces, spaceCount * 2);
                    }
                    spaces[spaceCount++] = tokens.size() - 1;
                } else {
                    tokens.add(line.substring(i, i + width));
                }
                start = i + width;
            }
            i += width;
        }
        if (start < line.length()) {
            tokens.add(line.substring(start));
        }
        return new Tokens(tokens.toArray(new String[0]), Arrays.copyOf(spaces, spaceCount));
    }

    private static boolean isPartOfToken(int cp) {
        if (cp < 128 && KEPT_INSIDE[cp]) {
            return true;
        }
        return Character.isLetter(cp) || isNumber(cp);
    }

    /** Unicode category N, as Go's unicode.IsNumber. */
    private static boolean isNumber(int cp) {
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /** Unicode category P, as Go's unicode.IsPunct. */
    static boolean isPunctuation(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /**
     * Tokens with the line's spaces put back after the tokens they followed. As in Loki, a line that
     * began with a space (recorded after token -1) is printed without any spaces.
     */
    @Override
    public String join(String[] tokens, int[] spacesAfter) {
        StringBuilder b = new StringBuilder(tokens.length * 8);
        int next = 0;
        for (int i = 0; i < tokens.length; i++) {
            b.append(tokens[i]);
            while (next < spacesAfter.length && spacesAfter[next] == i) {
                b.append(' ');
                next++;
            }
        }
        return b.toString();
    }
}
