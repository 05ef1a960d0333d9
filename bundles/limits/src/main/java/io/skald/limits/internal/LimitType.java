// SPDX-License-Identifier: Apache-2.0
package io.skald.limits.internal;

import io.skald.core.go.ByteSize;
import io.skald.core.go.GoDuration;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The Go types of Loki's limits, and how a value SnakeYAML loaded becomes the Java value Skald uses.
 * A value of the wrong type is refused in go-yaml's words ({@code cannot unmarshal !!str `x` into int}).
 */
public enum LimitType {
    INT("int"),
    UINT("uint"),
    INT64("int64"),
    FLOAT("float64"),
    BOOL("bool"),
    /** Prometheus' model.Duration ({@code 1w}, {@code 30d1h}), as nanoseconds. */
    DURATION("model.Duration"),
    /** Go's time.Duration, as nanoseconds. */
    GO_DURATION("time.Duration"),
    /** dskit's flagext.ByteSize ({@code 256KB} or a plain number), as bytes. */
    BYTES("flagext.ByteSize"),
    STRING("string"),
    STRINGS("[]string"),
    /** dskit's StringSliceCSV: {@code "a,b"}; a YAML list is taken too. */
    CSV("flagext.StringSliceCSV"),
    /** dskit's flagext.Time (RFC 3339 or a date); kept as written. */
    TIME("flagext.Time"),
    /** A struct, map or list of structs: only its shape is checked, its contents are Loki's business. */
    STRUCTURED("struct");

    private final String goName;

    LimitType(String goName) {
        this.goName = goName;
    }

    /** The value in Skald's units, or {@code null} for a YAML null (the value in force stays, as in go-yaml). */
    Object parse(Object value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case INT, INT64 -> integer(value);
            case UINT -> {
                long n = integer(value);
                if (n < 0) {
                    throw refused(value);
                }
                yield n;
            }
            case FLOAT -> {
                if (!(value instanceof Number n)) {
                    throw refused(value);
                }
                yield n.doubleValue();
            }
            case BOOL -> {
                if (!(value instanceof Boolean b)) {
                    throw refused(value);
                }
                yield b;
            }
            case DURATION, GO_DURATION -> GoDuration.parse(scalar(value)).toNanos();
            case BYTES -> ByteSize.parse(scalar(value));
            case STRING -> scalar(value);
            case STRINGS -> strings(value, false);
            case CSV -> strings(value, true);
            case TIME -> {
                if (value instanceof Map || value instanceof List) {
                    throw refused(value);
                }
                yield value;
            }
            case STRUCTURED -> {
                if (!(value instanceof Map) && !(value instanceof List)) {
                    throw refused(value);
                }
                yield value;
            }
        };
    }

    private long integer(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.bitLength() < 64) {
            return big.longValue();
        }
        throw refused(value);
    }

    private String scalar(Object value) {
        if (value instanceof Map || value instanceof List) {
            throw refused(value);
        }
        return String.valueOf(value);
    }

    private List<String> strings(Object value, boolean commaSeparated) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map || item instanceof List) {
                    throw refused(item);
                }
                split(String.valueOf(item), commaSeparated, out);
            }
        } else if (commaSeparated && !(value instanceof Map)) {
            split(String.valueOf(value), true, out);
        } else {
            throw refused(value);
        }
        return List.copyOf(out);
    }

    private static void split(String text, boolean commaSeparated, List<String> out) {
        if (!commaSeparated) {
            out.add(text);
            return;
        }
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
    }

    private IllegalArgumentException refused(Object value) {
        String shown = value instanceof Map || value instanceof List ? "" : " `" + value + "`";
        return new IllegalArgumentException("cannot unmarshal " + yamlTag(value) + shown + " into " + goName);
    }

    /** The YAML tag go-yaml names in its errors. */
    static String yamlTag(Object value) {
        if (value instanceof String) {
            return "!!str";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return "!!int";
        }
        if (value instanceof Number) {
            return "!!float";
        }
        if (value instanceof Boolean) {
            return "!!bool";
        }
        if (value instanceof Map) {
            return "!!map";
        }
        if (value instanceof List) {
            return "!!seq";
        }
        return value instanceof Date ? "!!timestamp" : "!!" + value.getClass().getSimpleName();
    }
}
