// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
        Files.writeString(
                overrides,
                "overrides:\n  small:\n    max_line_size: 16B\n    max_query_length: 1h\n"
                        + "    max_entries_limit_per_query: 10\n");
        Path config = dir.resolve("overrides-config.yaml");
        Files.writeString(
                config,
                "runtime_config:\n  file: " + overrides + "\n  period: 200ms\nlimits_config:\n  max_query_series: 1\n");
        try (SkaldProcess skald = SkaldProcess.start("overrides", "-auth.enabled=true", "-config.file=" + config)) {
            skald.awaitReady(Duration.ofSeconds(60));
            byte[] longLine = Pushes.protobuf("{app=\"x\"}", List.of("this line is longer than sixteen bytes"));
            var refused = Pushes.post(skald, "application/x-protobuf", longLine, "X-Scope-OrgID", "small");
            assertEquals(400, refused.statusCode());
            assertTrue(refused.body().startsWith("Max entry size '16' bytes exceeded"), refused.body());
            assertEquals(
                    204,
                    Pushes.post(skald, "application/x-protobuf", longLine, "X-Scope-OrgID", "other")
                            .statusCode(),
                    "other tenants keep the defaults");

            long now = System.currentTimeMillis() * 1_000_000L;
            String range = "&start=" + (now - 2 * 3_600_000_000_000L) + "&end=" + now;
            var tooLong =
                    skald.get("/loki/api/v1/query_range?query=%7Bapp%3D%22x%22%7D" + range, "X-Scope-OrgID", "small");
            assertEquals(400, tooLong.statusCode());
            assertEquals(
                    "the query time range exceeds the limit (query length: 2h0m0s, limit: 1h0m0s)\n", tooLong.body());
            var tooMany = skald.get(
                    "/loki/api/v1/query_range?query=%7Bapp%3D%22x%22%7D&limit=11&start=" + (now - 60_000_000_000L),
                    "X-Scope-OrgID",
                    "small");
            assertEquals(400, tooMany.statusCode());
            assertEquals(
                    "max entries limit per query exceeded, limit > max_entries_limit_per_query (11 > 10)\n",
                    tooMany.body());
            assertEquals(
                    200,
                    skald.get("/loki/api/v1/query_range?query=%7Bapp%3D%22x%22%7D" + range, "X-Scope-OrgID", "other")
                            .statusCode(),
                    "other tenants keep limits_config's query limits");
            assertEquals(
                    204,
                    Pushes.post(
                                    skald,
                                    "application/x-protobuf",
                                    Pushes.protobuf("{app=\"y\"}", List.of("another stream")),
                                    "X-Scope-OrgID",
                                    "other")
                            .statusCode());
            var tooManySeries = skald.get(
                    "/loki/api/v1/query?query="
                            + URLEncoder.encode("count_over_time({app=~\"x|y\"}[5m])", StandardCharsets.UTF_8),
                    "X-Scope-OrgID",
                    "other");
            assertEquals(400, tooManySeries.statusCode(), tooManySeries.body());
            assertEquals("maximum of series (1) reached for a single query\n", tooManySeries.body());

            Files.writeString(overrides, "overrides:\n  small:\n    max_line_size: 1KB\n");
            skald.await(
                    "the overrides to reload",
                    Duration.ofSeconds(20),
                    () -> Pushes.post(
                                            skald,
                                            "application/x-protobuf",
                                            Pushes.protobuf(
                                                    "{app=\"x\"}",
                                                    List.of("this line is longer than sixteen bytes, again")),
                                            "X-Scope-OrgID",
                                            "small")
                                    .statusCode()
                            == 204);
            skald.await(
                    "the query limits to reload",
                    Duration.ofSeconds(20),
                    () -> skald.get(
                                            "/loki/api/v1/query_range?query=%7Bapp%3D%22x%22%7D" + range,
                                            "X-Scope-OrgID",
                                            "small")
                                    .statusCode()
                            == 200);
        }
    }

    /**
     * An everyday Loki overrides file: retention for some tenants (accepted; the compactor does not
     * act on it yet) and, for one tenant, the stream, series and entries limits, which hold for that
     * tenant only; pushing works for everyone.
     */
    @Test
    void anEverydayLokiOverridesFileLimitsOneTenantAndPushingStillWorks() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "e2e")).toAbsolutePath();
        Path overrides = dir.resolve("everyday-overrides.yaml");
        Files.writeString(overrides, """
                overrides:
                  tight:
                    retention_period: 24h
                    max_global_streams_per_user: 1
                    max_query_series: 1
                    max_entries_limit_per_query: 5
                  roomy:
                    retention_period: 744h
                """);
        Path config = dir.resolve("everyday-overrides-config.yaml");
        Files.writeString(config, "runtime_config:\n  file: " + overrides + "\n  period: 200ms\n");
        try (SkaldProcess skald =
                SkaldProcess.start("everyday-overrides", "-auth.enabled=true", "-config.file=" + config)) {
            skald.awaitReady(Duration.ofSeconds(60));
            for (String tenant : List.of("tight", "roomy")) {
                var pushed = Pushes.post(
                        skald,
                        "application/x-protobuf",
                        Pushes.protobuf("{app=\"a\"}", List.of("n=1", "n=2")),
                        "X-Scope-OrgID",
                        tenant);
                assertEquals(204, pushed.statusCode(), tenant + ": " + pushed.body());
            }
            byte[] secondStream = Pushes.protobuf("{app=\"b\"}", List.of("n=3"));
            var refused = Pushes.post(skald, "application/x-protobuf", secondStream, "X-Scope-OrgID", "tight");
            assertEquals(429, refused.statusCode(), refused.body());
            assertTrue(refused.body().startsWith("Maximum active stream limit exceeded"), refused.body());
            assertEquals(
                    204,
                    Pushes.post(skald, "application/x-protobuf", secondStream, "X-Scope-OrgID", "roomy")
                            .statusCode(),
                    "max_global_streams_per_user is tight's alone");

            String twoSeries = "/loki/api/v1/query?query="
                    + URLEncoder.encode("count_over_time({app=\"a\"} | logfmt [5m])", StandardCharsets.UTF_8);
            var tooManySeries = skald.get(twoSeries, "X-Scope-OrgID", "tight");
            assertEquals(400, tooManySeries.statusCode(), tooManySeries.body());
            assertEquals("maximum of series (1) reached for a single query\n", tooManySeries.body());
            assertEquals(
                    200,
                    skald.get(twoSeries, "X-Scope-OrgID", "roomy").statusCode(),
                    "max_query_series is tight's alone");

            long now = System.currentTimeMillis() * 1_000_000L;
            String sixEntries =
                    "/loki/api/v1/query_range?query=%7Bapp%3D%22a%22%7D&limit=6&start=" + (now - 60_000_000_000L);
            var tooMany = skald.get(sixEntries, "X-Scope-OrgID", "tight");
            assertEquals(400, tooMany.statusCode());
            assertEquals(
                    "max entries limit per query exceeded, limit > max_entries_limit_per_query (6 > 5)\n",
                    tooMany.body());
            assertEquals(
                    200,
                    skald.get(sixEntries, "X-Scope-OrgID", "roomy").statusCode(),
                    "max_entries_limit_per_query is tight's alone");
        }
    }
}
