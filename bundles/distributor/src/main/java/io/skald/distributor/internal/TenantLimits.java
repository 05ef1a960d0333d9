// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.skald.core.go.ByteSize;
import io.skald.core.go.GoDuration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code limits_config} for everyone, overridden per tenant by Loki's runtime overrides file
 * ({@code overrides: {<tenant>: {<limit>: <value>}}}). Immutable: a reload builds a new one.
 */
final class TenantLimits {

    /** Limits of the same file that other modules enforce (the ingester's, the query-frontend's). */
    static final java.util.Set<String> OTHER_MODULES = java.util.Set.of("max_global_streams_per_user", "max_query_length",
            "query_timeout", "split_queries_by_interval", "max_query_parallelism", "max_cache_freshness_per_query",
            "max_entries_limit_per_query", "max_query_series");

    private final Limits defaults;
    private final Map<String, Limits> overrides;

    TenantLimits(Limits defaults, Map<String, Limits> overrides) {
        this.defaults = defaults;
        this.overrides = Map.copyOf(overrides);
    }

    Limits forTenant(String tenant) {
        return overrides.getOrDefault(tenant, defaults);
    }

    Limits defaults() {
        return defaults;
    }

    int overridden() {
        return overrides.size();
    }

    /** Parses an overrides file; an unknown limit or a bad value is an error naming the tenant and key. */
    static TenantLimits parse(Limits defaults, String yaml) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        Map<String, Limits> out = new HashMap<>();
        if (root == null) {
            return new TenantLimits(defaults, out);
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException("the runtime config must be a map with an 'overrides' key");
        }
        Object overrides = top.get("overrides");
        if (overrides == null) {
            return new TenantLimits(defaults, out);
        }
        if (!(overrides instanceof Map<?, ?> tenants)) {
            throw new IllegalArgumentException("'overrides' must map tenant ids to limits");
        }
        for (Map.Entry<?, ?> t : tenants.entrySet()) {
            String tenant = String.valueOf(t.getKey());
            if (!(t.getValue() instanceof Map<?, ?> limits)) {
                throw new IllegalArgumentException("overrides for tenant '" + tenant + "' must be a map of limits");
            }
            out.put(tenant, apply(defaults, tenant, limits));
        }
        return new TenantLimits(defaults, out);
    }

    private static Limits apply(Limits d, String tenant, Map<?, ?> values) {
        long rate = d.ingestionRateBytes();
        long burst = d.ingestionBurstBytes();
        int nameLength = d.maxLabelNameLength();
        int valueLength = d.maxLabelValueLength();
        int names = d.maxLabelNamesPerSeries();
        boolean rejectOld = d.rejectOldSamples();
        long maxAge = d.rejectOldSamplesMaxAgeNanos();
        long grace = d.creationGracePeriodNanos();
        long lineSize = d.maxLineSize();
        boolean truncate = d.maxLineSizeTruncate();
        boolean allowMetadata = d.allowStructuredMetadata();
        long metadataSize = d.maxStructuredMetadataSize();
        int metadataEntries = d.maxStructuredMetadataEntriesCount();
        List<String> discover = d.discoverServiceName();
        for (Map.Entry<?, ?> e : values.entrySet()) {
            String key = String.valueOf(e.getKey());
            String v = String.valueOf(e.getValue());
            try {
                switch (key) {
                    case "ingestion_rate_mb" -> rate = Math.round(Double.parseDouble(v) * (1 << 20));
                    case "ingestion_burst_size_mb" -> burst = Math.round(Double.parseDouble(v) * (1 << 20));
                    case "max_label_name_length" -> nameLength = Integer.parseInt(v);
                    case "max_label_value_length" -> valueLength = Integer.parseInt(v);
                    case "max_label_names_per_series" -> names = Integer.parseInt(v);
                    case "reject_old_samples" -> rejectOld = bool(v);
                    case "reject_old_samples_max_age" -> maxAge = GoDuration.parse(v).toNanos();
                    case "creation_grace_period" -> grace = GoDuration.parse(v).toNanos();
                    case "max_line_size" -> lineSize = ByteSize.parse(v);
                    case "max_line_size_truncate" -> truncate = bool(v);
                    case "allow_structured_metadata" -> allowMetadata = bool(v);
                    case "max_structured_metadata_size" -> metadataSize = ByteSize.parse(v);
                    case "max_structured_metadata_entries_count" -> metadataEntries = Integer.parseInt(v);
                    case "discover_service_name" -> discover = e.getValue() instanceof List<?> l
                            ? l.stream().map(String::valueOf).toList() : List.of();
                    default -> {
                        if (!OTHER_MODULES.contains(key)) {
                            throw new IllegalArgumentException("unknown limit '" + key + "'");
                        }
                    }
                }
            } catch (RuntimeException bad) {
                throw new IllegalArgumentException("overrides for tenant '" + tenant + "': " + key + ": " + bad.getMessage(), bad);
            }
        }
        return new Limits(rate, burst, nameLength, valueLength, names, rejectOld, maxAge, grace, lineSize, truncate,
                allowMetadata, metadataSize, metadataEntries, discover);
    }

    private static boolean bool(String v) {
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("expected true or false, got " + v);
        }
        return Boolean.parseBoolean(v);
    }
}
