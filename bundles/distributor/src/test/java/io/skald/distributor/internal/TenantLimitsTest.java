// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TenantLimitsTest {
    final Limits defaults = ValidatorTest.limits();

    @Test
    void overridesApplyPerTenantAndLeaveOthersOnTheDefaults() {
        TenantLimits limits = TenantLimits.parse(defaults, """
                overrides:
                  team-a:
                    ingestion_rate_mb: 10
                    max_line_size: 1KB
                    reject_old_samples_max_age: 24h
                """);
        assertEquals(10L << 20, limits.forTenant("team-a").ingestionRateBytes());
        assertEquals(1024, limits.forTenant("team-a").maxLineSize());
        assertEquals(24 * ValidatorTest.HOUR, limits.forTenant("team-a").rejectOldSamplesMaxAgeNanos());
        assertEquals(defaults.ingestionBurstBytes(), limits.forTenant("team-a").ingestionBurstBytes());
        assertSame(defaults, limits.forTenant("team-b"));
    }

    @Test
    void mistakesNameTheTenantAndTheLimit() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> TenantLimits.parse(defaults, "overrides:\n  a:\n    max_lines: 3\n"));
        assertEquals("overrides for tenant 'a': max_lines: unknown limit 'max_lines'", unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> TenantLimits.parse(defaults, "overrides:\n  a:\n    reject_old_samples: maybe\n"));
        assertTrue(bad.getMessage().contains("expected true or false"), bad.getMessage());
    }

    @Test
    void anEmptyFileMeansNoOverrides() {
        assertEquals(0, TenantLimits.parse(defaults, "").overridden());
        assertEquals(0, TenantLimits.parse(defaults, "overrides: {}\n").overridden());
    }
}
