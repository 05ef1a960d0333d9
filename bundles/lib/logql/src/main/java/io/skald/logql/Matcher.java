// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import com.google.re2j.Pattern;
import io.skald.core.model.Labels;

/** One label matcher of a stream selector: {@code name op "value"}, regexes anchored as in Prometheus. */
public final class Matcher {
    /** The four operators, as written. */
    public enum Type {
        EQ("="),
        NEQ("!="),
        RE("=~"),
        NRE("!~");

        final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }
    }

    private final String name;
    private final Type type;
    private final String value;
    private final Pattern pattern;

    public Matcher(String name, Type type, String value) {
        this.name = name;
        this.type = type;
        this.value = value;
        this.pattern =
                type == Type.RE || type == Type.NRE ? Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL) : null;
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public String value() {
        return value;
    }

    /** Whether a label value (empty when the label is absent) satisfies this matcher. */
    public boolean matches(String labelValue) {
        String v = labelValue == null ? "" : labelValue;
        return switch (type) {
            case EQ -> v.equals(value);
            case NEQ -> !v.equals(value);
            case RE -> pattern.matches(v);
            case NRE -> !pattern.matches(v);
        };
    }

    public boolean matches(Labels labels) {
        return matches(labels.get(name));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name).append(type.symbol).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
