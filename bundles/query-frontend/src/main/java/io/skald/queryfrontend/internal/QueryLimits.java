// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import io.skald.core.go.GoDuration;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The query limits per tenant: {@code limits_config} for everyone, overridden per tenant by Loki's
 * runtime overrides file ({@code overrides: {<tenant>: {max_query_length: 1h, …}}}). Keys of the file
 * that other modules enforce (ingestion limits) are left to them. Immutable: a reload makes a new one.
 */
final class QueryLimits {
    private final Frontend.Settings defaults;
    private final Map<String, Frontend.Settings> overrides;

    QueryLimits(Frontend.Settings defaults, Map<String, Frontend.Settings> overrides) {
        this.defaults = defaults;
        this.overrides = Map.copyOf(overrides);
    }

    Frontend.Settings forTenant(String tenant) {
        return overrides.getOrDefault(tenant, defaults);
    }

    int overridden() {
        return overrides.size();
    }

    static QueryLimits parse(Frontend.Settings defaults, String yaml) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        Map<String, Frontend.Settings> out = new HashMap<>();
        if (!(root instanceof Map<?, ?> top) || !(top.get("overrides") instanceof Map<?, ?> tenants)) {
            return new QueryLimits(defaults, out);
        }
        for (Map.Entry<?, ?> t : tenants.entrySet()) {
            String tenant = String.valueOf(t.getKey());
            if (!(t.getValue() instanceof Map<?, ?> limits)) {
                throw new IllegalArgumentException("overrides for tenant '" + tenant + "' must be a map of limits");
            }
            Frontend.Settings s = defaults;
            for (Map.Entry<?, ?> e : limits.entrySet()) {
                String key = String.valueOf(e.getKey());
                String v = String.valueOf(e.getValue());
                try {
                    s = switch (key) {
                        case "split_queries_by_interval" -> s.with(GoDuration.parse(v).toNanos(), s.maxQueryLength(), s.timeout(),
                                s.maxParallelism(), s.maxCacheFreshness(), s.maxEntries());
                        case "max_query_length" -> s.with(s.splitInterval(), GoDuration.parse(v).toNanos(), s.timeout(),
                                s.maxParallelism(), s.maxCacheFreshness(), s.maxEntries());
                        case "query_timeout" -> s.with(s.splitInterval(), s.maxQueryLength(), GoDuration.parse(v).toNanos(),
                                s.maxParallelism(), s.maxCacheFreshness(), s.maxEntries());
                        case "max_query_parallelism" -> s.with(s.splitInterval(), s.maxQueryLength(), s.timeout(),
                                Integer.parseInt(v), s.maxCacheFreshness(), s.maxEntries());
                        case "max_cache_freshness_per_query" -> s.with(s.splitInterval(), s.maxQueryLength(), s.timeout(),
                                s.maxParallelism(), GoDuration.parse(v).toNanos(), s.maxEntries());
                        case "max_entries_limit_per_query" -> s.with(s.splitInterval(), s.maxQueryLength(), s.timeout(),
                                s.maxParallelism(), s.maxCacheFreshness(), Integer.parseInt(v));
                        default -> s; // another module's limit
                    };
                } catch (RuntimeException bad) {
                    throw new IllegalArgumentException("overrides for tenant '" + tenant + "': " + key + ": " + bad.getMessage(), bad);
                }
            }
            out.put(tenant, s);
        }
        return new QueryLimits(defaults, out);
    }
}
