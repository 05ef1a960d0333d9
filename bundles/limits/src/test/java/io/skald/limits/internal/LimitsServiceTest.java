// SPDX-License-Identifier: Apache-2.0
package io.skald.limits.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.limits.api.Limits;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitsServiceTest {
    @TempDir
    Path dir;

    final LimitsService service = new LimitsService();

    @AfterEach
    void stop() {
        service.deactivate();
    }

    static LimitsServiceConfig config(String limitsConfig, String file) {
        return new LimitsServiceConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LimitsServiceConfig.class;
            }

            @Override
            public String limitsConfig() {
                return limitsConfig;
            }

            @Override
            public String runtimeConfig_file() {
                return file;
            }

            @Override
            public String runtimeConfig_period() {
                return "1h"; // the tests poll by hand
            }
        };
    }

    @Test
    void limitsConfigForEveryoneOverridesPerTenant() throws Exception {
        Path file = Files.writeString(dir.resolve("overrides.yaml"), """
                overrides:
                  a:
                    retention_period: 30d
                    max_query_series: 3
                    max_global_streams_per_user: 2
                    max_entries_limit_per_query: 10
                """);
        service.configure(config("max_query_series: 100\nmax_line_size: 1KB\n", file.toString()));
        assertEquals(3, service.forTenant("a").maxQuerySeries());
        assertEquals(2, service.forTenant("a").maxGlobalStreamsPerUser());
        assertEquals(10, service.forTenant("a").maxEntriesLimitPerQuery());
        assertEquals(1024, service.forTenant("a").maxLineSize(), "a tenant's overrides start from limits_config");
        assertEquals(100, service.forTenant("b").maxQuerySeries());
        assertEquals(5000, service.forTenant("b").maxGlobalStreamsPerUser());
        assertEquals(service.defaults(), service.forTenant("b"));
    }

    @Test
    void aBadReloadKeepsTheLimitsInForceAndAFixedFileIsTakenAgain() throws Exception {
        Path file = Files.writeString(dir.resolve("overrides.yaml"), "overrides:\n  a:\n    max_query_series: 3\n");
        service.configure(config("", file.toString()));
        long version = service.version();
        Files.writeString(file, "overrides:\n  a:\n    max_query_series: lots\n");
        service.pollNow();
        assertEquals(3, service.forTenant("a").maxQuerySeries());
        assertEquals(version, service.version());
        Files.writeString(file, "overrides:\n  a:\n    max_query_series: 4\n");
        service.pollNow();
        assertEquals(4, service.forTenant("a").maxQuerySeries());
        assertTrue(service.version() > version);
        Files.delete(file);
        service.pollNow();
        assertEquals(4, service.forTenant("a").maxQuerySeries(), "a file gone is a bad file: nothing changes");
    }

    @Test
    void aBadFirstLoadLeavesLimitsConfigForEveryone() throws Exception {
        Path file = Files.writeString(dir.resolve("overrides.yaml"), "overrides:\n  a:\n    max_lines: 3\n");
        service.configure(config("max_query_series: 100\n", file.toString()));
        assertEquals(100, service.forTenant("a").maxQuerySeries());
        Files.writeString(file, "overrides:\n  a:\n    max_query_series: 7\n");
        service.pollNow();
        assertEquals(7, service.forTenant("a").maxQuerySeries());
    }

    @Test
    void aLimitsConfigEditAppliesInPlaceAndTheOverridesStayOnTop() throws Exception {
        Path file = Files.writeString(dir.resolve("overrides.yaml"), "overrides:\n  a:\n    max_query_series: 3\n");
        service.configure(config("max_line_size: 1KB\n", file.toString()));
        service.configure(config("max_line_size: 2KB\n", file.toString()));
        assertEquals(2048, service.forTenant("a").maxLineSize());
        assertEquals(3, service.forTenant("a").maxQuerySeries());
    }

    @Test
    void aReadForSeveralTenantsTakesTheSmallestPositiveQueryLimits() throws Exception {
        Path file = Files.writeString(dir.resolve("overrides.yaml"), """
                overrides:
                  a: {max_query_series: 3, max_entries_limit_per_query: 0, max_query_length: 2h, max_cache_freshness_per_query: 1h}
                  b: {max_query_series: 0, max_entries_limit_per_query: 20, query_timeout: 10s}
                """);
        service.configure(config("", file.toString()));
        Limits read = service.forRead("a|b");
        assertEquals(3, read.maxQuerySeries());
        assertEquals(20, read.maxEntriesLimitPerQuery());
        assertEquals(7_200_000_000_000L, read.maxQueryLengthNanos());
        assertEquals(10_000_000_000L, read.queryTimeoutNanos());
        assertEquals(
                3_600_000_000_000L, read.maxCacheFreshnessNanos(), "the longest freshness: the most careful caching");
        assertEquals(service.forTenant("a"), service.forRead("a"));
    }
}
