// SPDX-License-Identifier: Apache-2.0
package io.skald.limits.schema;

import io.skald.limits.internal.LimitsTable;

/** Checks one {@code limits_config} entry against the table of Loki's limits. */
public final class LimitsSchema {
    private LimitsSchema() {}

    /**
     * What is wrong with {@code key: value} (a value as SnakeYAML loaded it), in go-yaml's words
     * ({@code field x not found in type validation.plain}, {@code cannot unmarshal !!str `x` into int}),
     * or {@code null} when Loki takes it.
     */
    public static String problem(String key, Object value) {
        return LimitsTable.problem(key, value);
    }
}
