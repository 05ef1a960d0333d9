// SPDX-License-Identifier: Apache-2.0
package io.skald.limits.internal;

import io.skald.limits.api.Limits;
import java.util.List;

/** A {@link Limits} being put together key by key, as Loki unmarshals a tenant's limits over the defaults. */
public final class LimitsBuilder {
    long ingestionRateBytes;
    long ingestionBurstBytes;
    long maxLineSize;
    boolean maxLineSizeTruncate;
    int maxLabelNameLength;
    int maxLabelValueLength;
    int maxLabelNamesPerSeries;
    boolean rejectOldSamples;
    long rejectOldSamplesMaxAgeNanos;
    long creationGracePeriodNanos;
    boolean allowStructuredMetadata;
    long maxStructuredMetadataSize;
    int maxStructuredMetadataEntriesCount;
    List<String> discoverServiceName;
    int maxGlobalStreamsPerUser;
    int maxEntriesLimitPerQuery;
    int maxQuerySeries;
    long splitQueriesByIntervalNanos;
    long maxQueryLengthNanos;
    long queryTimeoutNanos;
    int maxQueryParallelism;
    long maxCacheFreshnessNanos;
    List<String> patternJsonFieldsDefault;
    List<String> patternJsonFieldsAppend;
    List<String> patternJsonFieldsDelete;

    LimitsBuilder(Limits from) {
        ingestionRateBytes = from.ingestionRateBytes();
        ingestionBurstBytes = from.ingestionBurstBytes();
        maxLineSize = from.maxLineSize();
        maxLineSizeTruncate = from.maxLineSizeTruncate();
        maxLabelNameLength = from.maxLabelNameLength();
        maxLabelValueLength = from.maxLabelValueLength();
        maxLabelNamesPerSeries = from.maxLabelNamesPerSeries();
        rejectOldSamples = from.rejectOldSamples();
        rejectOldSamplesMaxAgeNanos = from.rejectOldSamplesMaxAgeNanos();
        creationGracePeriodNanos = from.creationGracePeriodNanos();
        allowStructuredMetadata = from.allowStructuredMetadata();
        maxStructuredMetadataSize = from.maxStructuredMetadataSize();
        maxStructuredMetadataEntriesCount = from.maxStructuredMetadataEntriesCount();
        discoverServiceName = from.discoverServiceName();
        maxGlobalStreamsPerUser = from.maxGlobalStreamsPerUser();
        maxEntriesLimitPerQuery = from.maxEntriesLimitPerQuery();
        maxQuerySeries = from.maxQuerySeries();
        splitQueriesByIntervalNanos = from.splitQueriesByIntervalNanos();
        maxQueryLengthNanos = from.maxQueryLengthNanos();
        queryTimeoutNanos = from.queryTimeoutNanos();
        maxQueryParallelism = from.maxQueryParallelism();
        maxCacheFreshnessNanos = from.maxCacheFreshnessNanos();
        patternJsonFieldsDefault = from.patternJsonFieldsDefault();
        patternJsonFieldsAppend = from.patternJsonFieldsAppend();
        patternJsonFieldsDelete = from.patternJsonFieldsDelete();
    }

    /** All zero and empty: the starting point before Loki's defaults are applied. */
    LimitsBuilder() {
        discoverServiceName = List.of();
        patternJsonFieldsDefault = List.of();
        patternJsonFieldsAppend = List.of();
        patternJsonFieldsDelete = List.of();
    }

    Limits build() {
        return new Limits(
                ingestionRateBytes,
                ingestionBurstBytes,
                maxLineSize,
                maxLineSizeTruncate,
                maxLabelNameLength,
                maxLabelValueLength,
                maxLabelNamesPerSeries,
                rejectOldSamples,
                rejectOldSamplesMaxAgeNanos,
                creationGracePeriodNanos,
                allowStructuredMetadata,
                maxStructuredMetadataSize,
                maxStructuredMetadataEntriesCount,
                discoverServiceName,
                maxGlobalStreamsPerUser,
                maxEntriesLimitPerQuery,
                maxQuerySeries,
                splitQueriesByIntervalNanos,
                maxQueryLengthNanos,
                queryTimeoutNanos,
                maxQueryParallelism,
                maxCacheFreshnessNanos,
                patternJsonFieldsDefault,
                patternJsonFieldsAppend,
                patternJsonFieldsDelete);
    }
}
