// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.util.ArrayList;
import java.util.List;

/**
 * A Loki pattern ({@code <ip> - - <_> "<method> <uri> <_>"}): literals and captures, matched from the
 * start of the line; each literal is searched after the previous one, a capture takes what lies
 * between, and a trailing capture takes the rest of the line. {@code <_>} captures without a name.
 */
final class LinePattern {
    private final String text;
    private final List<String> literals = new ArrayList<>(); // null where a capture stands
    private final List<String> names = new ArrayList<>(); // capture names in order, "_" for unnamed

    LinePattern(String text) {
        this.text = text;
        int i = 0;
        StringBuilder literal = new StringBuilder();
        while (i < text.length()) {
            int close = text.charAt(i) == '<' ? captureEnd(text, i) : -1;
            if (close < 0) {
                literal.append(text.charAt(i++));
                continue;
            }
            if (literal.length() > 0) {
                literals.add(literal.toString());
                literal.setLength(0);
            }
            literals.add(null);
            names.add(text.substring(i + 1, close));
            i = close + 1;
        }
        if (literal.length() > 0) {
            literals.add(literal.toString());
        }
    }

    /** The index of the {@code >} closing a capture at {@code open}, or -1 when none is written there. */
    private static int captureEnd(String s, int open) {
        int j = open + 1;
        if (j < s.length() && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            if (j < s.length() && s.charAt(j) == '>') {
                return j;
            }
        }
        return -1;
    }

    /** Checks Loki's rules for the pattern parser; the message is what is wrong, or null. */
    String parserProblem() {
        if (names.stream().allMatch("_"::equals)) {
            return "at least one capture is required";
        }
        for (int i = 1; i < literals.size(); i++) {
            if (literals.get(i) == null && literals.get(i - 1) == null) {
                return "found consecutive capture";
            }
        }
        return null;
    }

    List<String> names() {
        return names;
    }

    boolean matches(String line) {
        return captures(line) != null;
    }

    /** The captured values in order, or null when the line does not fit. */
    String[] captures(String line) {
        String[] out = new String[names.size()];
        int pos = 0;
        int capture = -1;
        int captureStart = 0;
        for (int i = 0; i < literals.size(); i++) {
            String lit = literals.get(i);
            if (lit == null) {
                capture++;
                captureStart = pos;
                continue;
            }
            int at = i == 0 ? (line.startsWith(lit) ? 0 : -1) : line.indexOf(lit, pos);
            if (at < 0) {
                return null;
            }
            if (i > 0 && literals.get(i - 1) == null) {
                out[capture] = line.substring(captureStart, at);
            }
            pos = at + lit.length();
        }
        if (!literals.isEmpty() && literals.get(literals.size() - 1) == null) {
            out[capture] = line.substring(captureStart);
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
