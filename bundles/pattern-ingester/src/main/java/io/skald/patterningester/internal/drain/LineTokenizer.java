// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

/** Splits lines of one format into tokens, and prints a cluster's tokens back as a pattern. */
interface LineTokenizer {
    /** The line's tokens; {@link Tokens#TOO_LONG}, or {@code null} when the line cannot be mined in this format. */
    Tokens tokenize(String line);

    String join(String[] tokens, int[] spacesAfter);
}
