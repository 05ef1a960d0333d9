// SPDX-License-Identifier: Apache-2.0
package io.skald.limits.api;

import io.skald.limits.internal.LimitsTable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The limits of one tenant that Skald acts on, in the units the code uses: rates in bytes per
 * second, sizes in bytes, durations in nanoseconds, counts. A size, count or duration of 0 means
 * no limit where Loki says so.
 *
 * @param ingestionRateBytes                 {@code ingestion_rate_mb}, in bytes per second
 * @param ingestionBurstBytes                {@code ingestion_burst_size_mb}, in bytes
 * @param maxLineSize                        {@code max_line_size}, in bytes
 * @param maxLineSizeTruncate                {@code max_line_size_truncate}
 * @param maxLabelNameLength                 {@code max_label_name_length}
 * @param maxLabelValueLength                {@code max_label_value_length}
 * @param maxLabelNamesPerSeries             {@code max_label_names_per_series}
 * @param rejectOldSamples                   {@code reject_old_samples}
 * @param rejectOldSamplesMaxAgeNanos        {@code reject_old_samples_max_age}
 * @param creationGracePeriodNanos           {@code creation_grace_period}
 * @param allowStructuredMetadata            {@code allow_structured_metadata}
 * @param maxStructuredMetadataSize          {@code max_structured_metadata_size}, in bytes
 * @param maxStructuredMetadataEntriesCount  {@code max_structured_metadata_entries_count}
 * @param discoverServiceName                {@code discover_service_name}
 * @param maxGlobalStreamsPerUser            {@code max_global_streams_per_user}
 * @param maxEntriesLimitPerQuery            {@code max_entries_limit_per_query}
 * @param maxQuerySeries                     {@code max_query_series}
 * @param splitQueriesByIntervalNanos        {@code split_queries_by_interval}
 * @param maxQueryLengthNanos                {@code max_query_length}
 * @param queryTimeoutNanos                  {@code query_timeout}
 * @param maxQueryParallelism                {@code max_query_parallelism}
 * @param maxCacheFreshnessNanos             {@code max_cache_freshness_per_query}
 * @param patternJsonFieldsDefault           {@code pattern_ingester_tokenizable_json_fields_default}
 * @param patternJsonFieldsAppend            {@code pattern_ingester_tokenizable_json_fields_append}
 * @param patternJsonFieldsDelete            {@code pattern_ingester_tokenizable_json_fields_delete}
 */
public record Limits(
        long ingestionRateBytes,
        long ingestionBurstBytes,
        long maxLineSize,
        boolean maxLineSizeTruncate,
        int maxLabelNameLength,
        int maxLabelValueLength,
        int maxLabelNamesPerSeries,
        boolean rejectOldSamples,
        long rejectOldSamplesMaxAgeNanos,
        long creationGracePeriodNanos,
        boolean allowStructuredMetadata,
        long maxStructuredMetadataSize,
        int maxStructuredMetadataEntriesCount,
        List<String> discoverServiceName,
        int maxGlobalStreamsPerUser,
        int maxEntriesLimitPerQuery,
        int maxQuerySeries,
        long splitQueriesByIntervalNanos,
        long maxQueryLengthNanos,
        long queryTimeoutNanos,
        int maxQueryParallelism,
        long maxCacheFreshnessNanos,
        List<String> patternJsonFieldsDefault,
        List<String> patternJsonFieldsAppend,
        List<String> patternJsonFieldsDelete) {

    public Limits {
        discoverServiceName = List.copyOf(discoverServiceName);
        patternJsonFieldsDefault = List.copyOf(patternJsonFieldsDefault);
        patternJsonFieldsAppend = List.copyOf(patternJsonFieldsAppend);
        patternJsonFieldsDelete = List.copyOf(patternJsonFieldsDelete);
    }

    /** Every limit at Loki's default: what a tenant gets when {@code limits_config} is empty. */
    public static Limits lokiDefaults() {
        return LimitsTable.lokiDefaults();
    }

    /**
     * These limits with one of Loki's {@code limits_config} keys set to a value as YAML would hold it
     * ({@code "256KB"}, {@code 5000}, {@code true}, a list); handy in tests.
     *
     * @throws IllegalArgumentException for a key Loki does not know or a value of the wrong type
     */
    public Limits with(String lokiKey, Object value) {
        return LimitsTable.with(this, lokiKey, value);
    }

    /** The JSON fields the pattern ingester mines: default plus appended minus deleted, in the order written. */
    public List<String> patternJsonFields() {
        Set<String> fields = new LinkedHashSet<>(patternJsonFieldsDefault);
        fields.addAll(patternJsonFieldsAppend);
        fields.removeAll(patternJsonFieldsDelete);
        return List.copyOf(fields);
    }

    /**
     * The query limits of a read for several tenants, combined as Loki's frontend and querier do:
     * the smallest positive value of each limit (0, no limit, only if every tenant has none), and
     * the longest cache freshness (the most careful caching). Other limits are the first tenant's.
     */
    public static Limits forRead(List<Limits> tenants) {
        Limits first = tenants.get(0);
        if (tenants.size() == 1) {
            return first;
        }
        return new Limits(
                first.ingestionRateBytes,
                first.ingestionBurstBytes,
                first.maxLineSize,
                first.maxLineSizeTruncate,
                first.maxLabelNameLength,
                first.maxLabelValueLength,
                first.maxLabelNamesPerSeries,
                first.rejectOldSamples,
                first.rejectOldSamplesMaxAgeNanos,
                first.creationGracePeriodNanos,
                first.allowStructuredMetadata,
                first.maxStructuredMetadataSize,
                first.maxStructuredMetadataEntriesCount,
                first.discoverServiceName,
                first.maxGlobalStreamsPerUser,
                (int) smallestPositive(tenants.stream()
                        .mapToLong(Limits::maxEntriesLimitPerQuery)
                        .toArray()),
                (int) smallestPositive(
                        tenants.stream().mapToLong(Limits::maxQuerySeries).toArray()),
                smallestPositive(tenants.stream()
                        .mapToLong(Limits::splitQueriesByIntervalNanos)
                        .toArray()),
                smallestPositive(
                        tenants.stream().mapToLong(Limits::maxQueryLengthNanos).toArray()),
                smallestPositive(
                        tenants.stream().mapToLong(Limits::queryTimeoutNanos).toArray()),
                (int) smallestPositive(
                        tenants.stream().mapToLong(Limits::maxQueryParallelism).toArray()),
                tenants.stream().mapToLong(Limits::maxCacheFreshnessNanos).max().orElse(0),
                first.patternJsonFieldsDefault,
                first.patternJsonFieldsAppend,
                first.patternJsonFieldsDelete);
    }

    /** The smallest value above 0, or 0 when there is none (in Loki, 0 means no limit). */
    static long smallestPositive(long[] values) {
        long smallest = 0;
        for (long v : values) {
            if (v > 0 && (smallest == 0 || v < smallest)) {
                smallest = v;
            }
        }
        return smallest;
    }
}
