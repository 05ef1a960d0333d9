// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

import java.util.List;

/**
 * Loki's tokenizer for JSON streams: only the message is mined, the first of the configured
 * top-level fields ({@code log}, {@code message}, {@code msg}, …) that holds a string, taken as it is
 * written (escapes included) and split like an unstructured line. A pattern is that message's
 * pattern between two placeholders, which stand for the JSON around it. A line without such a
 * field is not mined.
 */
final class JsonTokenizer implements LineTokenizer {
    private final PunctuationTokenizer words;
    private final String placeholder;
    private final int maxLineLength;
    private final List<String> fields;

    JsonTokenizer(String placeholder, int maxLineLength, List<String> fields) {
        this.words = new PunctuationTokenizer(maxLineLength);
        this.placeholder = placeholder;
        this.maxLineLength = maxLineLength;
        this.fields = fields;
    }

    @Override
    public Tokens tokenize(String line) {
        String message = null;
        for (String field : fields) {
            message = JsonFields.topLevelString(line, field);
            if (message != null) {
                break;
            }
        }
        if (message == null || Tokens.longerThan(message, maxLineLength)) {
            return null;
        }
        return words.tokenize(message);
    }

    @Override
    public String join(String[] tokens, int[] spacesAfter) {
        return placeholder + words.join(tokens, spacesAfter) + placeholder;
    }
}
