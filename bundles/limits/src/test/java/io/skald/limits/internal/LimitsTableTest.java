// SPDX-License-Identifier: Apache-2.0
package io.skald.limits.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.limits.api.Limits;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LimitsTableTest {
    private static final long HOUR = 3_600_000_000_000L;

    /** A limits_config with every key Loki knows, each at Loki's default. */
    static String everyKeyAtLokisDefault() {
        StringBuilder yaml = new StringBuilder();
        LimitsTable.keys()
                .values()
                .forEach(k -> yaml.append(k.name())
                        .append(": ")
                        .append(k.lokiDefault())
                        .append('\n'));
        return yaml.toString();
    }

    @Test
    void everyLokiKeyAtItsDefaultIsAcceptedAndGivesLokisDefaults() {
        Map<String, Object> section = LimitsYaml.limitsSection(everyKeyAtLokisDefault());
        assertEquals(LimitsTable.keys().size(), section.size());
        assertEquals(Limits.lokiDefaults(), LimitsTable.apply(Limits.lokiDefaults(), section));
    }

    @Test
    void lokisDefaultsInSkaldsUnits() {
        Limits d = Limits.lokiDefaults();
        assertEquals(4L << 20, d.ingestionRateBytes());
        assertEquals(6L << 20, d.ingestionBurstBytes());
        assertEquals(256 * 1024, d.maxLineSize());
        assertEquals(168 * HOUR, d.rejectOldSamplesMaxAgeNanos());
        assertEquals(HOUR / 6, d.creationGracePeriodNanos());
        assertEquals(721 * HOUR, d.maxQueryLengthNanos());
        assertEquals(HOUR / 60, d.queryTimeoutNanos());
        assertEquals(HOUR, d.splitQueriesByIntervalNanos());
        assertEquals(32, d.maxQueryParallelism());
        assertEquals(5000, d.maxEntriesLimitPerQuery());
        assertEquals(500, d.maxQuerySeries());
        assertEquals(5000, d.maxGlobalStreamsPerUser());
        assertEquals(64 * 1024, d.maxStructuredMetadataSize());
        assertEquals(13, d.discoverServiceName().size());
        assertEquals(List.of("log", "message", "msg", "msg_", "_msg", "content"), d.patternJsonFields());
    }

    @Test
    void anUnknownKeyIsAnErrorNamingItsLine() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LimitsYaml.limitsSection("ingestion_rate_mb: 8\nretention_period: 30d\nmax_lines: 3\n"));
        assertEquals(
                "yaml: unmarshal errors:\n  line 3: field max_lines not found in type validation.plain",
                e.getMessage());
    }

    @Test
    void aValueOfTheWrongTypeIsAnErrorNamingItsLine() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LimitsYaml.limitsSection(
                        "max_query_series: lots\nreject_old_samples: maybe\nquery_timeout: soon\n"));
        assertEquals(
                "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `lots` into int\n"
                        + "  line 2: cannot unmarshal !!str `maybe` into bool\n  line 3: time: invalid duration \"soon\"",
                e.getMessage());
    }

    @Test
    void theOverridesFileIsCheckedTheSameWay() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LimitsYaml.overrides("""
                overrides:
                  a:
                    retention_period: 24h
                    max_lines: 3
                extra: 1
                """));
        assertEquals(
                "yaml: unmarshal errors:\n  line 4: field max_lines not found in type validation.plain\n"
                        + "  line 5: field extra not found in type loki.runtimeConfigValues",
                e.getMessage());
        assertEquals(Map.of(), LimitsYaml.overrides(""));
        assertEquals(Map.of("a", Map.of()), LimitsYaml.overrides("overrides:\n  a:\n"));
    }

    /** Each limit Skald acts on: a value for it, and what the tenant's Limits then say. */
    static Stream<Arguments> actedOn() {
        return Stream.of(
                row("ingestion_rate_mb", 1.5, Limits::ingestionRateBytes, 3L << 19),
                row("ingestion_burst_size_mb", 2, Limits::ingestionBurstBytes, 2L << 20),
                row("max_line_size", "1KB", Limits::maxLineSize, 1024L),
                row("max_line_size_truncate", true, Limits::maxLineSizeTruncate, true),
                row("max_label_name_length", 10, Limits::maxLabelNameLength, 10),
                row("max_label_value_length", 11, Limits::maxLabelValueLength, 11),
                row("max_label_names_per_series", 3, Limits::maxLabelNamesPerSeries, 3),
                row("reject_old_samples", false, Limits::rejectOldSamples, false),
                row("reject_old_samples_max_age", "2h", Limits::rejectOldSamplesMaxAgeNanos, 2 * HOUR),
                row("creation_grace_period", "1h", Limits::creationGracePeriodNanos, HOUR),
                row("allow_structured_metadata", false, Limits::allowStructuredMetadata, false),
                row("max_structured_metadata_size", "1KB", Limits::maxStructuredMetadataSize, 1024L),
                row("max_structured_metadata_entries_count", 2, Limits::maxStructuredMetadataEntriesCount, 2),
                row("discover_service_name", List.of("app"), Limits::discoverServiceName, List.of("app")),
                row("max_global_streams_per_user", 7, Limits::maxGlobalStreamsPerUser, 7),
                row("max_entries_limit_per_query", 9, Limits::maxEntriesLimitPerQuery, 9),
                row("max_query_series", 4, Limits::maxQuerySeries, 4),
                row("split_queries_by_interval", "30m", Limits::splitQueriesByIntervalNanos, HOUR / 2),
                row("max_query_length", "1d", Limits::maxQueryLengthNanos, 24 * HOUR),
                row("query_timeout", "5s", Limits::queryTimeoutNanos, HOUR / 720),
                row("max_query_parallelism", 2, Limits::maxQueryParallelism, 2),
                row("max_cache_freshness_per_query", "1m", Limits::maxCacheFreshnessNanos, HOUR / 60),
                row(
                        "pattern_ingester_tokenizable_json_fields_default",
                        "a,b",
                        Limits::patternJsonFields,
                        List.of("a", "b")),
                row(
                        "pattern_ingester_tokenizable_json_fields_append",
                        "extra",
                        Limits::patternJsonFields,
                        List.of("log", "message", "msg", "msg_", "_msg", "content", "extra")),
                row(
                        "pattern_ingester_tokenizable_json_fields_delete",
                        "log,msg",
                        Limits::patternJsonFields,
                        List.of("message", "msg_", "_msg", "content")));
    }

    private static Arguments row(String key, Object value, Function<Limits, Object> read, Object expected) {
        return Arguments.of(key, value, read, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actedOn")
    void aTenantsOverrideOfEachEnforcedLimitTakesEffectForThatTenantOnly(
            String key, Object value, Function<Limits, Object> read, Object expected) {
        Limits defaults = Limits.lokiDefaults();
        Limits overridden = LimitsTable.apply(defaults, Map.of(key, value));
        assertEquals(expected, read.apply(overridden));
        assertTrue(!expected.equals(read.apply(defaults)), "the default differs, so the test shows something");
    }

    @Test
    void everyEnforcedLimitHasATestRow() {
        long tested = actedOn().map(a -> (String) a.get()[0]).distinct().count();
        assertEquals(
                LimitsTable.keys().values().stream()
                        .filter(LimitsTable.Key::actedOn)
                        .count(),
                tested);
    }
}
