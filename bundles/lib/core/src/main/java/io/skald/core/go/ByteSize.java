// SPDX-License-Identifier: Apache-2.0
package io.skald.core.go;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as Loki's config writes them: {@code 256KB}, {@code 1.5MB}, {@code 64KiB}, {@code 1048576}; powers of 1024. */
public final class ByteSize {
    private static final Pattern SIZE =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?i?b?)", Pattern.CASE_INSENSITIVE);

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid byte size \"" + text + "\"");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2).toUpperCase(Locale.ROOT).replace("I", "").replace("B", "");
        int power = unit.isEmpty() ? 0 : "KMGTP".indexOf(unit.charAt(0)) + 1;
        return Math.round(n * Math.pow(1024, power));
    }

    private ByteSize() {}
}
