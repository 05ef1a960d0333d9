// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;

/**
 * The conversions Loki's lexer and AST apply to token text, with Go's acceptance rules and error
 * texts: {@code strconv.ParseFloat} and {@code Atoi}, Prometheus' and Go's duration syntaxes, and
 * go-humanize's byte sizes. Each throws {@link IllegalArgumentException} with Go's message.
 */
final class GoNumbers {
    private static final Map<String, long[]> PROMETHEUS_UNITS = Map.of( // unit -> {order, nanoseconds}
            "y",
            new long[] {1, 365L * 24 * 3600 * 1_000_000_000L},
            "w",
            new long[] {2, 7L * 24 * 3600 * 1_000_000_000L},
            "d",
            new long[] {3, 24L * 3600 * 1_000_000_000L},
            "h",
            new long[] {4, 3600L * 1_000_000_000L},
            "m",
            new long[] {5, 60L * 1_000_000_000L},
            "s",
            new long[] {6, 1_000_000_000L},
            "ms",
            new long[] {7, 1_000_000L});
    private static final Map<String, Long> GO_UNITS = Map.of(
            "ns",
            1L,
            "us",
            1_000L,
            "\u00b5s",
            1_000L,
            "\u03bcs",
            1_000L,
            "ms",
            1_000_000L,
            "s",
            1_000_000_000L,
            "m",
            60_000_000_000L,
            "h",
            3_600_000_000_000L);
    private static final BigInteger MAX_DURATION = BigInteger.valueOf(Long.MAX_VALUE);

    private GoNumbers() {}

    /** Go's check that every {@code _} in a number literal stands between digits (after a base prefix counts). */
    static boolean misplacedUnderscore(String x) {
        boolean hex = false;
        int i = 0;
        char previous = '^';
        if (x.length() >= 2 && x.charAt(0) == '0' && "xXoObB".indexOf(x.charAt(1)) >= 0) {
            hex = (x.charAt(1) | 0x20) == 'x';
            previous = '0';
            i = 2;
        }
        for (; i < x.length(); i++) {
            char c = x.charAt(i);
            if (c == '_') {
                if (previous != '0') {
                    return true;
                }
                previous = '_';
            } else if (GoScanner.isDecimal(c) || (hex && GoNumberScanner.digitValue(c) < 16)) {
                previous = '0';
            } else {
                if (previous == '_') {
                    return true;
                }
                previous = '.';
            }
        }
        return previous == '_';
    }

    static double parseFloat(String s) {
        String body = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        String lower = body.toLowerCase(Locale.ROOT);
        boolean negative = s.startsWith("-");
        if (lower.equals("inf") || lower.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan")) {
            return Double.NaN;
        }
        boolean hex = lower.startsWith("0x");
        String pattern = hex
                ? "0x(?:[0-9a-f_]*\\.?[0-9a-f_]*)p[+-]?[0-9_]+"
                : "(?:[0-9_]+\\.?[0-9_]*|\\.[0-9_]+)(?:e[+-]?[0-9_]+)?";
        if (!lower.matches(pattern)
                || !lower.matches(".*[0-9].*")
                || (lower.contains("_") && misplacedUnderscore(lower))) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing " + quote(s) + ": invalid syntax");
        }
        double v = Double.parseDouble((negative ? "-" : "") + body.replace("_", ""));
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing " + quote(s) + ": value out of range");
        }
        return v;
    }

    static long atoi(String s) {
        if (!s.matches("[+-]?[0-9]+")) {
            throw new IllegalArgumentException("strconv.Atoi: parsing " + quote(s) + ": invalid syntax");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.Atoi: parsing " + quote(s) + ": value out of range");
        }
    }

    /** Prometheus' duration: integers with units from {@code y} down to {@code ms}, each unit at most once, in order. */
    static long prometheusDuration(String s) {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        String invalid = "not a valid duration string: " + quote(s);
        BigInteger total = BigInteger.ZERO;
        long lastOrder = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && GoScanner.isDecimal(s.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 20) {
                throw new IllegalArgumentException(invalid);
            }
            BigInteger value = new BigInteger(s.substring(start, i));
            if (value.bitLength() > 64) {
                throw new IllegalArgumentException(invalid);
            }
            int unitStart = i;
            while (i < s.length() && !GoScanner.isDecimal(s.charAt(i))) {
                i++;
            }
            if (i == unitStart) {
                throw new IllegalArgumentException(invalid);
            }
            String unit = s.substring(unitStart, i);
            long[] u = PROMETHEUS_UNITS.get(unit);
            if (u == null) {
                throw new IllegalArgumentException("unknown unit " + quote(unit) + " in duration " + quote(s));
            }
            if (u[0] <= lastOrder) {
                throw new IllegalArgumentException(invalid);
            }
            lastOrder = u[0];
            total = total.add(value.multiply(BigInteger.valueOf(u[1])));
            if (total.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("duration out of range");
            }
        }
        return total.longValue();
    }

    /** Go's {@code time.ParseDuration}: signed, fractional, units from {@code h} down to {@code ns} in any order. */
    static long goDuration(String s) {
        String invalid = "time: invalid duration " + quote(s);
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) {
            return 0;
        }
        if (i == s.length()) {
            throw new IllegalArgumentException(invalid);
        }
        double total = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && GoScanner.isDecimal(s.charAt(i))) {
                i++;
            }
            boolean whole = i > start;
            int fractionStart = i;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                while (i < s.length() && GoScanner.isDecimal(s.charAt(i))) {
                    i++;
                }
            }
            if (!whole && i - fractionStart <= 1) {
                throw new IllegalArgumentException(invalid);
            }
            double value = Double.parseDouble(s.substring(start, i).equals(".") ? "0" : s.substring(start, i));
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !GoScanner.isDecimal(s.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(s));
            }
            Long unit = GO_UNITS.get(s.substring(unitStart, i));
            if (unit == null) {
                throw new IllegalArgumentException(
                        "time: unknown unit " + quote(s.substring(unitStart, i)) + " in duration " + quote(s));
            }
            total += value * unit;
            if (total > Long.MAX_VALUE) {
                throw new IllegalArgumentException(invalid);
            }
        }
        return negative ? -Math.round(total) : Math.round(total);
    }

    /** Loki's reading of a duration token: Prometheus' syntax first, then Go's. */
    static long duration(String s) {
        try {
            return prometheusDuration(s);
        } catch (IllegalArgumentException e) {
            return goDuration(s);
        }
    }

    /** go-humanize's ParseBytes: a number (commas allowed) and an optional SI or IEC unit. */
    static long humanizeBytes(String s) {
        int digits = 0;
        while (digits < s.length()
                && (Character.isDigit(s.charAt(digits)) || s.charAt(digits) == '.' || s.charAt(digits) == ',')) {
            digits++;
        }
        double n = parseFloat(s.substring(0, digits).replace(",", ""));
        String unit = s.substring(digits).trim().toLowerCase(Locale.ROOT);
        double factor = switch (unit) {
            case "", "b" -> 1;
            case "k", "kb" -> 1e3;
            case "ki", "kib" -> 1024;
            case "m", "mb" -> 1e6;
            case "mi", "mib" -> Math.pow(1024, 2);
            case "g", "gb" -> 1e9;
            case "gi", "gib" -> Math.pow(1024, 3);
            case "t", "tb" -> 1e12;
            case "ti", "tib" -> Math.pow(1024, 4);
            case "p", "pb" -> 1e15;
            case "pi", "pib" -> Math.pow(1024, 5);
            case "e", "eb" -> 1e18;
            case "ei", "eib" -> Math.pow(1024, 6);
            default -> throw new IllegalArgumentException("unhandled size name: " + unit);
        };
        double bytes = n * factor;
        if (bytes >= 0x1p64) {
            throw new IllegalArgumentException("too large: " + s);
        }
        return (long) bytes;
    }

    /** Go's {@code %q} of a string. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.append('"').toString();
    }
}
