// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Loki's pattern ingester end to end: off by default (the patterns API answers 404 as Loki's
 * querier does), and with {@code pattern_ingester.enabled} nginx lines pushed come back as their
 * patterns, with per-bucket counts that add up to the lines.
 */
class PatternsProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter NGINX_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String GET = "<_> - - [<_> +0000] \"GET <_> HTTP/1.1\" <_> <_> \"-\" \"curl/8.5.0\"";
    private static final String POST = "<_> - - [<_> +0000] \"POST /api/orders HTTP/1.1\" 201 <_> \"-\" \"curl/8.5.0\"";

    @Test
    void disabledByDefaultTheRouteAnswersAsLokisQuerierDoes() throws Exception {
        try (SkaldProcess skald = SkaldProcess.start("patterns-off")) {
            skald.awaitReady(Duration.ofSeconds(60));
            HttpResponse<String> r = skald.query("/loki/api/v1/patterns", "query", "{app=\"nginx\"}");
            assertEquals(404, r.statusCode());
            assertEquals("", r.body());
            assertFalse(skald.get("/services").body().contains("pattern-ingester"));
        }
    }

    @Test
    void pushedNginxLinesComeBackAsTheirPatternsWithTheirCounts() throws Exception {
        Path config = Files.createTempFile("skald-patterns", ".yaml");
        Files.writeString(config, "pattern_ingester:\n  enabled: true\n");
        try (SkaldProcess skald = SkaldProcess.start("patterns-on", "-config.file=" + config)) {
            skald.awaitReady(Duration.ofSeconds(60));
            assertTrue(skald.get("/services").body().contains("pattern-ingester => Running"));

            long startMillis = (System.currentTimeMillis() / 60_000 - 30) * 60_000; // a minute boundary, 30 minutes ago
            Map<String, Integer> pushed = push(skald, startMillis, 400);
            String start = Long.toString(startMillis / 1000);
            String end = Long.toString(startMillis / 1000 + 3600);

            JsonNode doc = JSON.createObjectNode();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) { // the hand-off to the pattern ingester is asynchronous
                HttpResponse<String> r = skald.query(
                        "/loki/api/v1/patterns", "query", "{app=\"nginx\"}", "start", start, "end", end, "step", "60s");
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(
                        r.body().contains("\\u003c_\\u003e"),
                        "placeholders HTML-escaped as Go writes them: " + r.body());
                doc = JSON.readTree(r.body());
                if (totals(doc).equals(pushed)) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals("success", doc.get("status").asText());
            assertEquals(pushed, totals(doc), doc.toString());
            for (JsonNode series : doc.get("data")) {
                assertEquals("unknown", series.get("level").asText());
                for (JsonNode sample : series.get("samples")) {
                    assertEquals(0, sample.get(0).asLong() % 60, "one-minute buckets on the minute");
                }
            }

            HttpResponse<String> other =
                    skald.query("/loki/api/v1/patterns", "query", "{app=\"nothing\"}", "start", start, "end", end);
            assertEquals("{\"status\":\"success\",\"data\":[]}\n", other.body());
            HttpResponse<String> bad = skald.query("/loki/api/v1/patterns", "query", "{app=\"nginx\"}", "step", "-1");
            assertEquals(400, bad.statusCode());
            assertEquals(
                    "zero or negative query resolution step widths are not accepted. Try a positive integer",
                    bad.body());
            assertTrue(skald.get("/metrics")
                    .body()
                    .contains(
                            "skald_pattern_ingester_patterns_detected_total{tenant=\"fake\",format=\"unknown\",} 2.0"));
        }
    }

    /** Pushes {@code n} nginx access lines a second apart; returns the lines per expected pattern. */
    private static Map<String, Integer> push(SkaldProcess skald, long startMillis, int n) throws Exception {
        Random r = new Random(42);
        Map<String, Integer> counts = new TreeMap<>();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < n; i++) {
            long ts = startMillis + i * 1000L;
            boolean post = r.nextInt(4) == 0;
            String ip = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
            String request = post
                    ? "POST /api/orders HTTP/1.1\\\" 201"
                    : "GET /api/items/" + r.nextInt(10_000) + " HTTP/1.1\\\" " + (r.nextInt(10) == 0 ? 404 : 200);
            String line = ip + " - - [" + NGINX_TIME.format(Instant.ofEpochMilli(ts)) + "] \\\"" + request + " "
                    + r.nextInt(50_000) + " \\\"-\\\" \\\"curl/8.5.0\\\"";
            values.append(i == 0 ? "" : ",")
                    .append("[\"")
                    .append(ts * 1_000_000L)
                    .append("\",\"")
                    .append(line)
                    .append("\"]");
            counts.merge(post ? POST : GET, 1, Integer::sum);
        }
        String body = "{\"streams\":[{\"stream\":{\"app\":\"nginx\"},\"values\":[" + values + "]}]}";
        assertEquals(
                204,
                Pushes.post(skald, "application/json", body.getBytes(StandardCharsets.UTF_8))
                        .statusCode());
        return counts;
    }

    private static Map<String, Integer> totals(JsonNode doc) {
        Map<String, Integer> totals = new TreeMap<>();
        for (JsonNode series : doc.path("data")) {
            int sum = 0;
            for (JsonNode sample : series.get("samples")) {
                sum += sample.get(1).asInt();
            }
            totals.put(series.get("pattern").asText(), sum);
        }
        return totals;
    }
}
