// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.util.Locale;

/** Byte sizes as LogQL reads them (go-humanize): {@code 20KB} is 20,000 bytes, {@code 20KiB} 20,480. */
final class Sizes {
    private Sizes() {}

    static long parseBytes(String text) {
        String s = text.trim();
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing \"" + text + "\": invalid syntax");
        }
        double n = Double.parseDouble(s.substring(0, i));
        String unit = s.substring(i).trim().toLowerCase(Locale.ROOT);
        double factor = switch (unit) {
            case "", "b" -> 1;
            case "k", "kb" -> 1e3;
            case "ki", "kib" -> 1024;
            case "m", "mb" -> 1e6;
            case "mi", "mib" -> 1024 * 1024;
            case "g", "gb" -> 1e9;
            case "gi", "gib" -> Math.pow(1024, 3);
            case "t", "tb" -> 1e12;
            case "ti", "tib" -> Math.pow(1024, 4);
            case "p", "pb" -> 1e15;
            case "pi", "pib" -> Math.pow(1024, 5);
            default -> throw new IllegalArgumentException("unhandled size name: " + unit);
        };
        return (long) (n * factor);
    }

    /** Whether {@code text} reads as a byte size with a unit ({@code 20KB}), as opposed to a duration or number. */
    static boolean isBytes(String text) {
        try {
            parseBytes(text);
            return !text.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
