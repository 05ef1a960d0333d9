// SPDX-License-Identifier: Apache-2.0
package io.skald.core.go;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Loki's YAML and flags write them: Go's {@code time.ParseDuration} syntax
 * ({@code 300ms}, {@code 1m30s}, {@code 1.5h}) plus Prometheus' {@code d}, {@code w} and {@code y}.
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h|d|w|y)");

    public static Duration parse(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        Matcher m = PART.matcher(s);
        double nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            nanos += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
            end = m.end();
        }
        if (end == 0 || end != s.length()) {
            throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
        }
        Duration d = Duration.ofNanos(Math.round(nanos));
        return negative ? d.negated() : d;
    }

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            case "d" -> 86400e9;
            case "w" -> 7 * 86400e9;
            default -> 365 * 86400e9;
        };
    }

    private GoDuration() {}

    /** Go's {@code time.Duration.String()}: {@code 744h0m0s}, {@code 1m30s}, {@code 1.5s}, {@code 250ms}, {@code 0s}. */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 0) {
            return "-" + format(-nanos);
        }
        if (nanos < 1_000_000_000L) { // below a second Go picks the unit that keeps an integer part
            if (nanos < 1_000) {
                return nanos + "ns";
            }
            if (nanos < 1_000_000) {
                return BigDecimal.valueOf(nanos)
                                .movePointLeft(3)
                                .stripTrailingZeros()
                                .toPlainString() + "µs";
            }
            return BigDecimal.valueOf(nanos)
                            .movePointLeft(6)
                            .stripTrailingZeros()
                            .toPlainString() + "ms";
        }
        long h = nanos / 3_600_000_000_000L;
        long m = nanos / 60_000_000_000L % 60;
        String s = BigDecimal.valueOf(nanos % 60_000_000_000L)
                .movePointLeft(9)
                .stripTrailingZeros()
                .toPlainString();
        if (h > 0) {
            return h + "h" + m + "m" + s + "s";
        }
        return m > 0 ? m + "m" + s + "s" : s + "s";
    }
}
