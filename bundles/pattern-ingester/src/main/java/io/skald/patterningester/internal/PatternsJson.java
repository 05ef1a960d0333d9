// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import java.util.List;

/**
 * The patterns answer as Loki writes it: {@code {"status":"success","data":[{"pattern":…,"level":…,
 * "samples":[[<unix seconds>,<count>],…]},…]}}, the pattern HTML-escaped ({@code <_>} as
 * {@code \u003c_\u003e}), as Go's encoder does.
 */
final class PatternsJson {
    private PatternsJson() {}

    static String write(List<PatternSeries> series) {
        StringBuilder b = new StringBuilder(256 + series.size() * 256);
        b.append("{\"status\":\"success\",\"data\":[");
        for (int i = 0; i < series.size(); i++) {
            PatternSeries s = series.get(i);
            b.append(i == 0 ? "" : ",").append("{\"pattern\":");
            string(s.pattern(), true, b);
            b.append(",\"level\":");
            string(s.level(), false, b);
            b.append(",\"samples\":[");
            for (int j = 0; j < s.counts().length; j++) {
                b.append(j == 0 ? "[" : ",[")
                        .append(s.timestampsMillis()[j] / 1000)
                        .append(',')
                        .append(s.counts()[j])
                        .append(']');
            }
            b.append("]}");
        }
        return b.append("]}\n").toString();
    }

    static void string(String s, boolean html, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || (html && (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'))) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
