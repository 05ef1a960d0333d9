// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.detected;

import io.skald.core.query.IndexShapes.DetectedField;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The fields found in log lines for Loki's {@code detected_fields}: each field's distinct values, the
 * type they all read as (widening int and float to float, anything else mixed to string), and the
 * parsers that found it.
 */
final class DetectedFields {
    private static final Pattern INT = Pattern.compile("-?\\d+");
    private static final Pattern FLOAT = Pattern.compile("-?\\d*\\.\\d+([eE][-+]?\\d+)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");
    private static final Pattern BYTES = Pattern.compile("\\d+(\\.\\d+)?\\s?([kKMGTP]i?B|B)");

    private final Map<String, Field> fields = new TreeMap<>();

    private static final class Field {
        final Set<String> values = new LinkedHashSet<>();
        final Set<String> parsers = new TreeSet<>();
        String type;
    }

    /** A value of {@code name}; {@code parser} null for structured metadata. */
    void add(String name, String value, String parser) {
        Field f = fields.computeIfAbsent(name, k -> new Field());
        f.values.add(value);
        if (parser != null) {
            f.parsers.add(parser);
        }
        String t = typeOf(value);
        f.type = f.type == null || f.type.equals(t)
                ? t
                : (f.type.equals("int") && t.equals("float")) || (f.type.equals("float") && t.equals("int"))
                        ? "float"
                        : "string";
    }

    /** The first {@code limit} fields by name. */
    List<DetectedField> fields(int limit) {
        List<DetectedField> out = new ArrayList<>();
        for (Map.Entry<String, Field> e : fields.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            Field f = e.getValue();
            out.add(new DetectedField(e.getKey(), f.type, f.values.size(), new ArrayList<>(f.parsers)));
        }
        return out;
    }

    /** The first {@code limit} distinct values of {@code name}, in the order they were found. */
    List<String> values(String name, int limit) {
        Field f = fields.get(name);
        return f == null ? List.of() : f.values.stream().limit(limit).toList();
    }

    static String typeOf(String v) {
        if (INT.matcher(v).matches()) {
            return "int";
        }
        if (FLOAT.matcher(v).matches()) {
            return "float";
        }
        if (v.equals("true") || v.equals("false")) {
            return "boolean";
        }
        if (DURATION.matcher(v).matches()) {
            return "duration";
        }
        if (BYTES.matcher(v).matches()) {
            return "bytes";
        }
        return "string";
    }
}
