// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

import com.google.re2j.Pattern;

/** A stream's format, guessed once from its first line as Loki does; it picks the tokenizer. */
public enum LineFormat {
    JSON("json"),
    LOGFMT("logfmt"),
    UNKNOWN("unknown");

    /** Loki's heuristic, an RE2 expression: linear time, whatever the line. */
    private static final Pattern LOGFMT_LINE =
            Pattern.compile("^(\\w+?=([^\"]\\S*?|\".+?\") )*?(\\w+?=([^\"]\\S*?|\".+?\"))+$");

    private final String label;

    LineFormat(String label) {
        this.label = label;
    }

    /** The {@code format} label value of Loki's metrics. */
    public String label() {
        return label;
    }

    public static LineFormat detect(String line) {
        if (line.length() < 2) {
            return UNKNOWN;
        }
        if (line.charAt(0) == '{' && line.charAt(line.length() - 1) == '}') {
            return JSON;
        }
        return LOGFMT_LINE.matcher(line).find() ? LOGFMT : UNKNOWN;
    }
}
