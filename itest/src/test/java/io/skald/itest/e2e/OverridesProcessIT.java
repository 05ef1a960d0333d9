// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loki's runtime overrides file: per-tenant limits, changed while the server runs. */
class OverridesProcessIT {
    @Test
    void perTenantLimitsReloadLive() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "e2e")).toAbsolutePath();
        Path overrides = dir.resolve("overrides.yaml");
        // one file for every module: the distributor takes the ingestion limits, the query-frontend the query ones
        Files.writeString(overrides, "overrides:\n  small:\n    max_line_size: 16B\n    max_query_length: 1h\n"
                + "    max_entries_limit_per_query: 10\n");
        Path config = dir.resolve("overrides-config.yaml");
        Files.writeString(config, "runtime_config:\n  file: " + overrides + "\n  period: 200ms\nlimits_config:\n  max_query_series: 1\n");
        try (SkaldProcess skald = SkaldProcess.start("overrides", "-auth.enabled=true", "-config.file=" + config)) {
            skald.awaitReady(Duration.ofSeconds(60));
            byte[] longLine = Pushes.protobuf("{app=\"x\"}", List.of("this line is longer than sixteen bytes"));
            var refused = Pushes.post(skald, "application/x-protobuf", longLine, "X-Scope-OrgID", "small");
            assertEquals(400, refused.statusCode());
            assertTrue(refused.body().startsWith("Max entry size '16' bytes exceeded"), refused.body());
            assertEquals(204, Pushes.post(skald, "application/x-protobuf", longLine, "X-Scope-OrgID", "other").statusCode(),
                    "other tenants keep the defaults");

            long now = System.currentTimeMillis() * 1_000_000L;
            String range = "&start=" + (now - 2 * 3_600_000_000_000L) + "&end=" + now;
            var tooLong = skald.get("/loki/api/v1/query_range?query=%7Bapp%3D%22x%22%7D" + range, "X-Scope-OrgID", "small");
            assertEquals(400, tooLong.statusCode());
            assertEquals("the query time range exceeds the limit (query length: 2h0m0s, limit: 1h0m0s)\n", tooLong.body());
            var tooMany = skald.get("/loki/api/v1/query_range?query=%7Bapp%3D%22x%22%7D&limit=11&start=" + (now - 60_000_000_000L),
                    "X-Scope-OrgID", "small");
            assertEquals(400, tooMany.statusCode());
            assertEquals("max entries limit per query exceeded, limit > max_entries_limit_per_query (11 > 10)\n", tooMany.body());
            assertEquals(200, skald.get("/loki/api/v1/query_range?query=%7Bapp%3D%22x%22%7D" + range, "X-Scope-OrgID", "other")
                    .statusCode(), "other tenants keep limits_config's query limits");
            assertEquals(204, Pushes.post(skald, "application/x-protobuf", Pushes.protobuf("{app=\"y\"}", List.of("another stream")),
                    "X-Scope-OrgID", "other").statusCode());
            var tooManySeries = skald.get("/loki/api/v1/query?query=" + java.net.URLEncoder.encode(
                    "count_over_time({app=~\"x|y\"}[5m])", java.nio.charset.StandardCharsets.UTF_8), "X-Scope-OrgID", "other");
            assertEquals(400, tooManySeries.statusCode(), tooManySeries.body());
            assertEquals("maximum of series (1) reached for a single query\n", tooManySeries.body());

            Files.writeString(overrides, "overrides:\n  small:\n    max_line_size: 1KB\n");
            skald.await("the overrides to reload", Duration.ofSeconds(20), () -> Pushes.post(skald, "application/x-protobuf",
                    Pushes.protobuf("{app=\"x\"}", List.of("this line is longer than sixteen bytes, again")),
                    "X-Scope-OrgID", "small").statusCode() == 204);
            skald.await("the query limits to reload", Duration.ofSeconds(20), () -> skald.get(
                    "/loki/api/v1/query_range?query=%7Bapp%3D%22x%22%7D" + range, "X-Scope-OrgID", "small").statusCode() == 200);
        }
    }
}
