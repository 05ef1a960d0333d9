// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The query-frontend in front of the querier: a range of three hours and more is split at the hour,
 * the parts are merged into the answer one query would give, older parts come from the cache the
 * second time, and the limits (max_query_length, query_timeout, changed live in the YAML) answer as Loki.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrontendProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000_000_000L;
    private SkaldProcess skald;
    private Path config;
    private long first;
    private final List<Long> times = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        Path dir = Path.of("target", "e2e-config").toAbsolutePath();
        Files.createDirectories(dir);
        config = dir.resolve("frontend.yaml");
        Files.writeString(config, "limits_config:\n  max_query_length: 4h\n  split_queries_by_interval: 1h\n");
        skald = SkaldProcess.start("frontend", "-config.file=" + config);
        skald.awaitReady(Duration.ofSeconds(60));
        // one line a minute for three hours, ending 20 minutes ago, on the minute
        long now = System.currentTimeMillis() * 1_000_000L;
        first = (now / MINUTE) * MINUTE - 200 * MINUTE;
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 180; i++) {
            long t = first + i * MINUTE;
            times.add(t);
            values.append(i == 0 ? "" : ",")
                    .append("[\"")
                    .append(t)
                    .append("\",\"line ")
                    .append(i)
                    .append(i % 3 == 0 ? " error" : "")
                    .append("\"]");
        }
        String body = "{\"streams\":[{\"stream\":{\"app\":\"f\"},\"values\":[" + values + "]}]}";
        assertEquals(
                204,
                Pushes.post(skald, "application/json", body.getBytes(StandardCharsets.UTF_8))
                        .statusCode());
    }

    @AfterAll
    void stop() throws Exception {
        if (skald != null) {
            skald.close();
        }
    }

    private double metric(String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$")
                .matcher(skald.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void logQueriesAcrossSplitsAnswerAsOneQuery() throws Exception {
        String start = Long.toString(first - MINUTE), end = Long.toString(first + 200 * MINUTE);
        double splitsBefore = metric("skald_query_frontend_split_queries_total");
        JsonNode backward = JSON.readTree(skald.query(
                        "/loki/api/v1/query_range",
                        "query",
                        "{app=\"f\"} |= \"error\"",
                        "start",
                        start,
                        "end",
                        end,
                        "limit",
                        "1000")
                .body());
        assertTrue(
                metric("skald_query_frontend_split_queries_total") - splitsBefore >= 4,
                "3h20m cut at the hours: 4 or 5 parts");
        List<String> lines = new ArrayList<>();
        backward.at("/data/result/0/values").forEach(v -> lines.add(v.get(1).asText()));
        List<String> expected = new ArrayList<>();
        for (int i = 179; i >= 0; i--) {
            if (i % 3 == 0) {
                expected.add("line " + i + " error");
            }
        }
        assertEquals(expected, lines, "every error line once, newest first, across the part boundaries");
        assertEquals(1, backward.at("/data/result").size());
        assertTrue(backward.at("/data/stats/summary/splits").asInt() >= 4);

        JsonNode forward = JSON.readTree(skald.query(
                        "/loki/api/v1/query_range",
                        "query",
                        "{app=\"f\"}",
                        "start",
                        start,
                        "end",
                        end,
                        "limit",
                        "5",
                        "direction",
                        "forward")
                .body());
        List<String> oldest = new ArrayList<>();
        forward.at("/data/result/0/values").forEach(v -> oldest.add(v.get(1).asText()));
        assertEquals(
                List.of("line 0 error", "line 1", "line 2", "line 3 error", "line 4"),
                oldest,
                "the limit applies to the whole range");
    }

    @Test
    void metricQueriesAcrossSplitsAndTheCache() throws Exception {
        long end = first + 200 * MINUTE;
        long start = first;
        long step = 5 * MINUTE;
        String[] params = {
            "query",
            "sum(count_over_time({app=\"f\"}[10m]))",
            "start",
            Long.toString(start),
            "end",
            Long.toString(end),
            "step",
            "300"
        };
        double hitsBefore = metric("skald_query_frontend_results_cache_hits_total");
        JsonNode doc =
                JSON.readTree(skald.query("/loki/api/v1/query_range", params).body());
        // expected by brute force over what was pushed: lines in (t − 10m, t] at every step
        List<String> expected = new ArrayList<>();
        for (long t = start; t <= end; t += step) {
            final long at = t;
            long n = times.stream().filter(x -> x > at - 10 * MINUTE && x <= at).count();
            if (n > 0) {
                expected.add(
                        new BigDecimal(t).movePointLeft(9).stripTrailingZeros().toPlainString() + "=" + n);
            }
        }
        List<String> actual = new ArrayList<>();
        doc.at("/data/result/0/values")
                .forEach(v -> actual.add(v.get(0).asText() + "=" + v.get(1).asText()));
        assertEquals(expected, actual);
        JsonNode again =
                JSON.readTree(skald.query("/loki/api/v1/query_range", params).body());
        assertEquals(doc.at("/data/result"), again.at("/data/result"), "the cached parts give the same answer");
        assertTrue(
                metric("skald_query_frontend_results_cache_hits_total") - hitsBefore >= 3,
                "parts that ended more than 10 minutes ago are answered from the cache the second time");
    }

    @Test
    void limitsAnswerAsLoki() throws Exception {
        long end = first + 200 * MINUTE;
        HttpResponse<String> tooLong = skald.query(
                "/loki/api/v1/query_range",
                "query",
                "{app=\"f\"}",
                "start",
                Long.toString(end - 300 * MINUTE),
                "end",
                Long.toString(end));
        assertEquals(400, tooLong.statusCode());
        assertEquals("the query time range exceeds the limit (query length: 5h0m0s, limit: 4h0m0s)\n", tooLong.body());

        Files.writeString(
                config,
                "limits_config:\n  max_query_length: 4h\n  split_queries_by_interval: 1h\n  query_timeout: 1ns\n");
        try {
            HttpResponse<String> timedOut = null;
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < deadline) { // the file is re-read live; the module restarts with the new limit
                timedOut = skald.query(
                        "/loki/api/v1/query_range",
                        "query",
                        "{app=\"f\"} |~ \"line [0-9]+\"",
                        "start",
                        Long.toString(first),
                        "end",
                        Long.toString(end),
                        "limit",
                        "5000");
                if (timedOut.statusCode() == 504) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(504, timedOut.statusCode(), timedOut.body());
            assertTrue(timedOut.body().startsWith("Request timed out"), timedOut.body());
            HttpResponse<String> instant = skald.query(
                    "/loki/api/v1/query",
                    "query",
                    "sum(count_over_time({app=\"f\"} |~ \"line [0-9]+\" [3h]))",
                    "time",
                    Long.toString(end));
            assertEquals(504, instant.statusCode(), "instant queries are under the same timeout: " + instant.body());
            assertTrue(metric("skald_query_frontend_queries_cancelled_total{reason=\"timeout\",}") >= 1);
        } finally {
            Files.writeString(config, "limits_config:\n  max_query_length: 4h\n  split_queries_by_interval: 1h\n");
        }
        // Back to normal once the file is: answered, and by the restarted frontend (split), not by the
        // querier alone while the frontend restarts — the tests after this one need it in front.
        long deadline = System.nanoTime() + 15_000_000_000L;
        int splits = 0;
        while (System.nanoTime() < deadline && splits == 0) {
            HttpResponse<String> r = skald.query(
                    "/loki/api/v1/query_range",
                    "query",
                    "{app=\"f\"}",
                    "start",
                    Long.toString(first),
                    "end",
                    Long.toString(end));
            splits = r.statusCode() == 200
                    ? JSON.readTree(r.body()).at("/data/stats/summary/splits").asInt()
                    : 0;
            Thread.sleep(200);
        }
        assertTrue(splits >= 4, "back to normal once the file is, the frontend in front");
    }

    @Test
    void aClientThatHangsUpCancelsItsQuery() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        for (int batch = 0; batch < 4; batch++) {
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                values.append(i == 0 ? "" : ",")
                        .append("[\"")
                        .append(now - 600_000_000_000L + (batch * 5000L + i) * 1_000_000L)
                        .append("\",\"level=info user=")
                        .append(i)
                        .append(" msg=hello world from a slow query\"]");
            }
            String body = "{\"streams\":[{\"stream\":{\"app\":\"slow\"},\"values\":[" + values + "]}]}";
            assertEquals(
                    204,
                    Pushes.post(skald, "application/json", body.getBytes(StandardCharsets.UTF_8))
                            .statusCode());
        }
        double before = metric("skald_query_frontend_queries_cancelled_total{reason=\"client\",}");
        // a query that takes far longer than the client waits: a regex over lines made 20 times longer
        String query =
                "sum(count_over_time({app=\"slow\"} | line_format \"{{ repeat 20 __line__ }}\" |~ \"(.*h.*e.*l){9}z\" [1s]))";
        String path = "/loki/api/v1/query_range?step=1&start=" + (now - 700_000_000_000L) + "&end=" + now + "&query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", skald.port)) {
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(1000);
        } // hung up, the answer never read
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline
                && metric("skald_query_frontend_queries_cancelled_total{reason=\"client\",}") <= before) {
            Thread.sleep(200);
        }
        assertEquals(
                before + 1,
                metric("skald_query_frontend_queries_cancelled_total{reason=\"client\",}"),
                "the frontend noticed the closed connection and cancelled the query");
        assertEquals(200, skald.get("/ready").statusCode());
    }

    @Test
    void theFrontendSwitchesOffAndOnWhileQueriesKeepWorking() throws Exception {
        String start = Long.toString(first - MINUTE), end = Long.toString(first + 200 * MINUTE);
        String[] query = {"query", "{app=\"f\"} |= \"error\"", "start", start, "end", end, "limit", "1000"};
        JsonNode withFrontend =
                JSON.readTree(skald.query("/loki/api/v1/query_range", query).body());
        assertTrue(withFrontend.at("/data/stats/summary/splits").asInt() >= 4, "split by the frontend");
        assertEquals(200, skald.post("/admin/modules/query-frontend/disable").statusCode());
        try {
            HttpResponse<String> direct = skald.query("/loki/api/v1/query_range", query);
            assertEquals(200, direct.statusCode(), direct.body());
            JsonNode answer = JSON.readTree(direct.body());
            assertEquals(0, answer.at("/data/stats/summary/splits").asInt(), "the querier answered it whole");
            assertEquals(withFrontend.at("/data/result"), answer.at("/data/result"), "and the same");
        } finally {
            assertEquals(200, skald.post("/admin/modules/query-frontend/enable").statusCode());
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        int splits = 0;
        while (System.nanoTime() < deadline && splits == 0) {
            splits = JSON.readTree(
                            skald.query("/loki/api/v1/query_range", query).body())
                    .at("/data/stats/summary/splits")
                    .asInt();
            Thread.sleep(100);
        }
        assertTrue(splits >= 4, "the frontend is back in front");
    }
}
