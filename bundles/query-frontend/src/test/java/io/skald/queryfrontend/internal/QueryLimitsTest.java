// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueryLimitsTest {
    static final long H = 3_600_000_000_000L;
    static final Frontend.Settings DEFAULTS = new Frontend.Settings(H, 721 * H, 60_000_000_000L, 32, 600_000_000_000L, true, 5000);

    @Test
    void overridesApplyPerTenantAndLeaveOtherModulesKeysAlone() {
        QueryLimits limits = QueryLimits.parse(DEFAULTS, """
                overrides:
                  a:
                    max_query_length: 2h
                    query_timeout: 5s
                    split_queries_by_interval: 30m
                    max_entries_limit_per_query: 10
                    ingestion_rate_mb: 1
                """);
        Frontend.Settings a = limits.forTenant("a");
        assertEquals(2 * H, a.maxQueryLength());
        assertEquals(5_000_000_000L, a.timeout());
        assertEquals(H / 2, a.splitInterval());
        assertEquals(10, a.maxEntries());
        assertEquals(32, a.maxParallelism(), "what is not overridden stays");
        assertEquals(DEFAULTS, limits.forTenant("b"));
        assertEquals(1, limits.overridden());
    }

    @Test
    void aBadValueNamesTenantAndKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QueryLimits.parse(DEFAULTS, "overrides:\n  a:\n    query_timeout: soon\n"));
        assertEquals("overrides for tenant 'a': query_timeout: time: invalid duration \"soon\"", e.getMessage());
    }
}
