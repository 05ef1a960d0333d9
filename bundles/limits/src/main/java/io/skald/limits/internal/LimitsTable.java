// SPDX-License-Identifier: Apache-2.0
package io.skald.limits.internal;

import static io.skald.limits.internal.LimitType.BOOL;
import static io.skald.limits.internal.LimitType.BYTES;
import static io.skald.limits.internal.LimitType.CSV;
import static io.skald.limits.internal.LimitType.DURATION;
import static io.skald.limits.internal.LimitType.FLOAT;
import static io.skald.limits.internal.LimitType.GO_DURATION;
import static io.skald.limits.internal.LimitType.INT;
import static io.skald.limits.internal.LimitType.INT64;
import static io.skald.limits.internal.LimitType.STRING;
import static io.skald.limits.internal.LimitType.STRINGS;
import static io.skald.limits.internal.LimitType.STRUCTURED;
import static io.skald.limits.internal.LimitType.TIME;
import static io.skald.limits.internal.LimitType.UINT;

import io.skald.limits.api.Limits;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every key of Loki's {@code limits_config} (the yaml tags of Loki's {@code validation.Limits}),
 * with Loki's default as YAML writes it, its Go type, and — for the limits Skald enforces — where
 * the value goes. The one place that knows which limits exist: the config check, the reader of
 * {@code limits_config} and of the runtime overrides file, and the warning about limits accepted
 * but not enforced all read this table.
 */
public final class LimitsTable {

    /** One key; {@code apply} is null for a limit Loki knows and Skald does not act on yet. */
    public record Key(String name, LimitType type, String lokiDefault, BiConsumer<LimitsBuilder, Object> apply) {
        public boolean actedOn() {
            return apply != null;
        }
    }

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();
    private static final double MB = 1 << 20;

    static {
        // distributor: rates, validation, structured metadata, service_name
        row("ingestion_rate_strategy", STRING, "global", null);
        row("ingestion_rate_mb", FLOAT, "4", (b, v) -> b.ingestionRateBytes = Math.round((Double) v * MB));
        row("ingestion_burst_size_mb", FLOAT, "6", (b, v) -> b.ingestionBurstBytes = Math.round((Double) v * MB));
        row("max_label_name_length", INT, "1024", (b, v) -> b.maxLabelNameLength = toInt(v));
        row("max_label_value_length", INT, "2048", (b, v) -> b.maxLabelValueLength = toInt(v));
        row("max_label_names_per_series", INT, "15", (b, v) -> b.maxLabelNamesPerSeries = toInt(v));
        row("reject_old_samples", BOOL, "true", (b, v) -> b.rejectOldSamples = (Boolean) v);
        row("reject_old_samples_max_age", DURATION, "1w", (b, v) -> b.rejectOldSamplesMaxAgeNanos = (Long) v);
        row("creation_grace_period", DURATION, "10m", (b, v) -> b.creationGracePeriodNanos = (Long) v);
        row("max_line_size", BYTES, "256KB", (b, v) -> b.maxLineSize = (Long) v);
        row("max_line_size_truncate", BOOL, "false", (b, v) -> b.maxLineSizeTruncate = (Boolean) v);
        row("max_line_size_truncate_identifier", STRING, "''", null);
        row("increment_duplicate_timestamp", BOOL, "false", null);
        row("simulated_push_latency", GO_DURATION, "0s", null);
        row("discover_generic_fields", STRUCTURED, "{}", null);
        row(
                "discover_service_name",
                STRINGS,
                "[service, app, application, app_name, name, app_kubernetes_io_name, container, "
                        + "container_name, k8s_container_name, component, workload, job, k8s_job_name]",
                (b, v) -> b.discoverServiceName = strings(v));
        row("discover_log_levels", BOOL, "true", null);
        row(
                "log_level_fields",
                STRINGS,
                "[level, LEVEL, Level, log.level, severity, SEVERITY, Severity, SeverityText, lvl, "
                        + "LVL, Lvl, severity_text, Severity_Text, SEVERITY_TEXT]",
                null);
        row("log_level_from_json_max_depth", INT, "2", null);
        // ingester
        row("use_owned_stream_count", BOOL, "false", null);
        row("max_streams_per_user", INT, "0", null);
        row("max_global_streams_per_user", INT, "5000", (b, v) -> b.maxGlobalStreamsPerUser = toInt(v));
        row("per_stream_rate_limit", BYTES, "3MB", null);
        row("per_stream_rate_limit_burst", BYTES, "15MB", null);
        // querier and query-frontend
        row("max_chunks_per_query", INT, "2000000", null);
        row("max_query_series", INT, "500", (b, v) -> b.maxQuerySeries = toInt(v));
        row("max_query_lookback", DURATION, "0s", null);
        row("max_query_length", DURATION, "30d1h", (b, v) -> b.maxQueryLengthNanos = (Long) v);
        row("max_query_range", DURATION, "0s", null);
        row("max_query_parallelism", INT, "32", (b, v) -> b.maxQueryParallelism = toInt(v));
        row("tsdb_max_query_parallelism", INT, "128", null);
        row("tsdb_max_bytes_per_shard", BYTES, "600MB", null);
        row("tsdb_sharding_strategy", STRING, "power_of_two", null);
        row("tsdb_precompute_chunks", BOOL, "false", null);
        row("cardinality_limit", INT, "100000", null);
        row("max_streams_matchers_per_query", INT, "1000", null);
        row("max_concurrent_tail_requests", INT, "10", null);
        row("max_entries_limit_per_query", INT, "5000", (b, v) -> b.maxEntriesLimitPerQuery = toInt(v));
        row("max_cache_freshness_per_query", DURATION, "10m", (b, v) -> b.maxCacheFreshnessNanos = (Long) v);
        row("max_metadata_cache_freshness", DURATION, "1d", null);
        row("max_stats_cache_freshness", DURATION, "10m", null);
        row("max_queriers_per_tenant", UINT, "0", null);
        row("max_query_capacity", FLOAT, "0", null);
        row("query_ready_index_num_days", INT, "0", null);
        row("query_timeout", DURATION, "1m", (b, v) -> b.queryTimeoutNanos = (Long) v);
        row("split_queries_by_interval", DURATION, "1h", (b, v) -> b.splitQueriesByIntervalNanos = (Long) v);
        row("split_metadata_queries_by_interval", DURATION, "1d", null);
        row("split_recent_metadata_queries_by_interval", DURATION, "1h", null);
        row("recent_metadata_query_window", DURATION, "0s", null);
        row("split_instant_metric_queries_by_interval", DURATION, "1h", null);
        row("engine_results_cache_time_bucket_interval", DURATION, "1d", null);
        row("split_ingester_queries_by_interval", DURATION, "0s", null);
        row("min_sharding_lookback", DURATION, "0s", null);
        row("max_query_bytes_read", BYTES, "0B", null);
        row("max_querier_bytes_read", BYTES, "150GB", null);
        row("volume_enabled", BOOL, "true", null);
        row("volume_max_series", INT, "1000", null);
        // ruler
        row("ruler_max_rules_per_rule_group", INT, "0", null);
        row("ruler_max_rule_groups_per_tenant", INT, "0", null);
        row("ruler_alertmanager_config", STRUCTURED, "{}", null);
        row("ruler_tenant_shard_size", INT, "0", null);
        row("ruler_remote_write_disabled", BOOL, "false", null);
        row("ruler_remote_write_config", STRUCTURED, "{}", null);
        row("ruler_remote_evaluation_timeout", GO_DURATION, "0s", null);
        row("ruler_remote_evaluation_max_response_size", INT64, "0", null);
        // compactor
        row("deletion_mode", STRING, "filter-and-delete", null);
        row("retention_period", DURATION, "0s", null);
        row("retention_stream", STRUCTURED, "[]", null);
        // write path, continued
        row(
                "shard_streams",
                STRUCTURED,
                "{enabled: true, time_sharding_enabled: false, time_sharding_ignore_recent: 40m, "
                        + "logging_enabled: false, desired_rate: 1536KB}",
                null);
        row("blocked_queries", STRUCTURED, "[]", null);
        row("required_labels", STRINGS, "[]", null);
        row("minimum_labels_number", INT, "0", null);
        // index gateway, blooms, data objects
        row("index_gateway_shard_size", INT, "0", null);
        row("index_gateway_max_capacity", FLOAT, "1", null);
        row("bloom_gateway_enable_filtering", BOOL, "false", null);
        row("bloom_build_max_builders", INT, "0", null);
        row("bloom_build_task_max_retries", INT, "3", null);
        row("bloom_build_builder_response_timeout", GO_DURATION, "0s", null);
        row("bloom_creation_enabled", BOOL, "false", null);
        row("dataobj_index_compaction_enabled", BOOL, "false", null);
        row("dataobj_log_compaction_enabled", BOOL, "false", null);
        row("bloom_planning_strategy", STRING, "split_keyspace_by_factor", null);
        row("bloom_split_series_keyspace_by", INT, "256", null);
        row("bloom_task_target_series_chunk_size", BYTES, "20GB", null);
        row("bloom_block_encoding", STRING, "none", null);
        row("bloom_prefetch_blocks", BOOL, "false", null);
        row("bloom_max_block_size", BYTES, "200MB", null);
        row("bloom_max_bloom_size", BYTES, "128MB", null);
        // structured metadata, OTLP, blocking, policies
        row("allow_structured_metadata", BOOL, "true", (b, v) -> b.allowStructuredMetadata = (Boolean) v);
        row("max_structured_metadata_size", BYTES, "64KB", (b, v) -> b.maxStructuredMetadataSize = (Long) v);
        row(
                "max_structured_metadata_entries_count",
                INT,
                "128",
                (b, v) -> b.maxStructuredMetadataEntriesCount = toInt(v));
        row(
                "otlp_config",
                STRUCTURED,
                "{resource_attributes: {ignore_defaults: false}, severity_text_as_label: false}",
                null);
        row("block_ingestion_policy_until", STRUCTURED, "{}", null);
        row("block_ingestion_until", TIME, "0001-01-01T00:00:00Z", null);
        row("block_ingestion_status_code", INT, "260", null);
        row("enforced_labels", STRINGS, "[]", null);
        row("policy_enforced_labels", STRUCTURED, "{}", null);
        row("policy_stream_mapping", STRUCTURED, "{}", null);
        row("policy_override_limits", STRUCTURED, "{}", null);
        row("ingestion_partitions_tenant_shard_size", INT, "0", null);
        row("shard_aggregations", STRINGS, "[]", null);
        // pattern ingester
        row(
                "pattern_ingester_tokenizable_json_fields_default",
                CSV,
                "log,message,msg,msg_,_msg,content",
                (b, v) -> b.patternJsonFieldsDefault = strings(v));
        row(
                "pattern_ingester_tokenizable_json_fields_append",
                CSV,
                "''",
                (b, v) -> b.patternJsonFieldsAppend = strings(v));
        row(
                "pattern_ingester_tokenizable_json_fields_delete",
                CSV,
                "''",
                (b, v) -> b.patternJsonFieldsDelete = strings(v));
        row("metric_aggregation_enabled", BOOL, "false", null);
        row("pattern_persistence_enabled", BOOL, "false", null);
        row("pattern_persistence_granularity", DURATION, "0s", null);
        row("pattern_rate_threshold", FLOAT, "1", null);
        // object storage, query engine v2, data objects
        row("s3_sse_type", STRING, "''", null);
        row("s3_sse_kms_key_id", STRING, "''", null);
        row("s3_sse_kms_encryption_context", STRING, "''", null);
        row("debug_engine_tasks", BOOL, "false", null);
        row("debug_engine_streams", BOOL, "false", null);
        row("sort_schema", STRINGS, "[label:service_name]", null);
    }

    private static final Limits LOKI_DEFAULTS = lokiDefaultsFromTable();

    private LimitsTable() {}

    private static void row(String name, LimitType type, String lokiDefault, BiConsumer<LimitsBuilder, Object> apply) {
        if (KEYS.put(name, new Key(name, type, lokiDefault, apply)) != null) {
            throw new IllegalStateException("limit listed twice: " + name);
        }
    }

    /** Every key, in the order of Loki's struct. */
    public static Map<String, Key> keys() {
        return Collections.unmodifiableMap(KEYS);
    }

    public static Key key(String name) {
        return KEYS.get(name);
    }

    public static Limits lokiDefaults() {
        return LOKI_DEFAULTS;
    }

    /** {@code base} with one key set; see {@link Limits#with}. */
    public static Limits with(Limits base, String name, Object value) {
        return apply(base, Map.of(name, value));
    }

    /**
     * {@code base} with every key of {@code values} applied, as Loki unmarshals limits over the
     * defaults: a key it does not know or a value of the wrong type is an error naming the key.
     */
    public static Limits apply(Limits base, Map<?, ?> values) {
        LimitsBuilder b = new LimitsBuilder(base);
        for (Map.Entry<?, ?> e : values.entrySet()) {
            String name = String.valueOf(e.getKey());
            String problem = problem(name, e.getValue());
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            Key key = KEYS.get(name);
            Object parsed = key.type().parse(e.getValue());
            if (key.actedOn() && parsed != null) {
                key.apply().accept(b, parsed);
            }
        }
        return b.build();
    }

    /**
     * What is wrong with {@code name: value} in a {@code limits_config} or a tenant's overrides, in
     * go-yaml's words, or {@code null} when Loki would take it.
     */
    public static String problem(String name, Object value) {
        Key key = KEYS.get(name);
        if (key == null) {
            return "field " + name + " not found in type validation.plain";
        }
        try {
            key.type().parse(value);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static Limits lokiDefaultsFromTable() {
        LimitsBuilder b = new LimitsBuilder();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Key key : KEYS.values()) {
            Object parsed = key.type().parse(yaml.load(key.lokiDefault()));
            if (key.actedOn() && parsed != null) {
                key.apply().accept(b, parsed);
            }
        }
        return b.build();
    }

    private static int toInt(Object v) {
        long n = (Long) v;
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object v) {
        return (List<String>) v;
    }
}
