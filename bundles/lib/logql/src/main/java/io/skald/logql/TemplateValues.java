// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How Go templates read and print values: truth, numbers, times, equality, comparison. */
final class TemplateValues {
    private TemplateValues() {}

    /** As Go's {@code fmt} prints a value with {@code %v}. */
    static String print(Object o) {
        if (o == null) {
            return "<no value>";
        }
        if (o instanceof Double d) {
            return formatFloat(d);
        }
        if (o instanceof Map<?, ?> m) { // Go prints a map as map[k:v …], keys sorted
            StringBuilder b = new StringBuilder("map[");
            new TreeMap<>(m)
                    .forEach((k, v) -> b.append(b.length() > 4 ? " " : "")
                            .append(k)
                            .append(':')
                            .append(v));
            return b.append(']').toString();
        }
        if (o instanceof Instant t) {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS +0000 'UTC'")
                    .withZone(ZoneOffset.UTC)
                    .format(t)
                    .replaceFirst("\\.?0+ \\+", " +");
        }
        return o.toString();
    }

    /** Go's shortest {@code %v} for a float64: {@code 2.5}, {@code 100}, {@code 1e+21}. */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = s.substring(0, e).replaceAll("\\.0$", "");
        int exponent = Integer.parseInt(s.substring(e + 1));
        if (exponent >= -4 && exponent < 21) {
            return new BigDecimal(d)
                    .round(MathContext.DECIMAL64)
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    static boolean truth(Object o) {
        if (o == null) {
            return false;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof String s) {
            return !s.isEmpty();
        }
        if (o instanceof Long l) {
            return l != 0;
        }
        if (o instanceof Double d) {
            return d != 0;
        }
        if (o instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** sprig's {@code toInt64}: numbers as they are, text parsed (0 when it is not a number). */
    static long integer(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Double d) {
            return (long) (double) d;
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (o instanceof Instant t) {
            return t.getEpochSecond();
        }
        String s = o == null ? "" : o.toString().trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                return 0;
            }
        }
    }

    static double real(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof Double d) {
            return d;
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        try {
            return Double.parseDouble(o == null ? "" : o.toString().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean eq(List<Object> a) {
        Object first = a.get(0);
        for (int i = 1; i < a.size(); i++) {
            Object other = a.get(i);
            boolean same = first instanceof Number && other instanceof Number
                    ? real(first) == real(other)
                    : print(first).equals(print(other));
            if (same) {
                return true;
            }
        }
        return false;
    }

    static boolean compare(String op, Object x, Object y) {
        int cmp = x instanceof Number && y instanceof Number
                ? Double.compare(real(x), real(y))
                : print(x).compareTo(print(y));
        return switch (op) {
            case "lt" -> cmp < 0;
            case "le" -> cmp <= 0;
            case "gt" -> cmp > 0;
            default -> cmp >= 0;
        };
    }

    static Instant time(Object o) {
        return o instanceof Instant t ? t : Instant.ofEpochSecond(integer(o));
    }

    static Instant unixToTime(String s) {
        long v = Long.parseLong(s.trim());
        return switch (s.trim().length()) {
            case 10 -> Instant.ofEpochSecond(v);
            case 13 -> Instant.ofEpochMilli(v);
            case 16 -> Instant.ofEpochSecond(v / 1_000_000, (v % 1_000_000) * 1000);
            case 19 -> Instant.ofEpochSecond(0, v);
            default -> throw new IllegalArgumentException("unable to convert " + s + " to time");
        };
    }
}
