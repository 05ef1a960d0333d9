// SPDX-License-Identifier: Apache-2.0
package io.skald.limits.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names, once, the limits a config sets that Loki knows and Skald does not enforce yet: an everyday
 * Loki file (say with {@code retention_period}) must work here, and its author should know which
 * of its settings have no effect — in one line, not one per key or per reload.
 */
final class UnenforcedLimits {
    private static final Logger log = LoggerFactory.getLogger(UnenforcedLimits.class);
    private final Set<String> named = new HashSet<>();

    synchronized void warnAbout(Map<String, Object> section, Map<String, Map<String, Object>> overrides) {
        Map<String, String> fresh = new LinkedHashMap<>();
        collect(section.keySet(), "limits_config", fresh);
        overrides.forEach((tenant, values) -> collect(values.keySet(), "overrides of tenant " + tenant, fresh));
        if (fresh.isEmpty()) {
            return;
        }
        StringJoiner line = new StringJoiner(", ");
        fresh.forEach((key, where) -> line.add(key + " (" + where + ")"));
        log.warn("limits Loki knows but Skald does not enforce yet, accepted and ignored: {}", line);
    }

    private void collect(Set<String> keys, String where, Map<String, String> fresh) {
        for (String key : keys) {
            LimitsTable.Key k = LimitsTable.key(key);
            if (k != null && !k.actedOn() && named.add(key)) {
                fresh.put(key, where);
            }
        }
    }
}
