// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Loki's query sharding: a query within one split interval is cut into shards of its streams and
 * run in parallel. Its answer must equal the querier's unsharded one, for every shardable
 * aggregation (combined exactly) and for the rest (left unsharded), on random data over many
 * streams. The querier's own answer is had by switching the query-frontend off live.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardingProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000_000_000L;
    private static final List<String> SHARDABLE = List.of(
            "sum by (level) (count_over_time({job=\"shard\"} | logfmt [1m]))",
            "sum(rate({job=\"shard\"} |= \"GET\" [2m]))",
            "count_over_time({job=\"shard\"}[1m])",
            "bytes_over_time({job=\"shard\", pod=~\"p1.*\"}[1m])",
            "sum by (level) (sum_over_time({job=\"shard\"} | logfmt | unwrap size [1m]))",
            "sum_over_time({job=\"shard\"} | logfmt | keep level | unwrap size [1m])",
            "max(max_over_time({job=\"shard\"} | logfmt | unwrap size [1m]))",
            "min by (level) (min_over_time({job=\"shard\"} | logfmt | unwrap size [1m]))");
    private static final List<String> UNSHARDABLE = List.of(
            "topk(3, sum by (pod) (count_over_time({job=\"shard\"}[1m])))",
            "avg_over_time({job=\"shard\"} | logfmt | keep level | unwrap size [1m])",
            "count(count_over_time({job=\"shard\"}[1m]))",
            "max(rate({job=\"shard\"} | logfmt | keep level [1m]))");
    private SkaldProcess skald;
    private long start;
    private long end;

    @BeforeAll
    void start() throws Exception {
        skald = SkaldProcess.start("sharding");
        skald.awaitReady(Duration.ofSeconds(60));
        // 40 streams, 20 minutes, within one split interval, ending 2 minutes ago
        long now = System.currentTimeMillis() * 1_000_000L;
        end = (now / MINUTE) * MINUTE - 2 * MINUTE;
        start = end - 20 * MINUTE;
        if (Math.floorDiv(start, 60 * MINUTE)
                != Math.floorDiv(end, 60 * MINUTE)) { // keep it in one hour: no time split
            end = Math.floorDiv(end, 60 * MINUTE) * 60 * MINUTE - MINUTE;
            start = end - 20 * MINUTE;
        }
        Random random = new Random(20261129);
        assertEquals(204, Pushes.post(skald, "application/json", body(random)).statusCode());
        assertEquals(204, skald.post("/flush").statusCode()); // some in chunks, the rest in memory
        assertEquals(204, Pushes.post(skald, "application/json", body(random)).statusCode());
    }

    /** 40 streams of 60 logfmt lines at random times in [start, end). */
    private byte[] body(Random random) {
        StringBuilder body = new StringBuilder("{\"streams\":[");
        for (int s = 0; s < 40; s++) {
            body.append(s == 0 ? "" : ",")
                    .append("{\"stream\":{\"job\":\"shard\",\"pod\":\"p")
                    .append(s)
                    .append("\"},\"values\":[");
            for (int i = 0; i < 60; i++) {
                long t = start + (long) (random.nextDouble() * 20 * MINUTE);
                body.append(i == 0 ? "" : ",")
                        .append("[\"")
                        .append(t)
                        .append("\",\"level=")
                        .append(List.of("info", "warn", "error").get(random.nextInt(3)))
                        .append(" method=")
                        .append(random.nextBoolean() ? "GET" : "POST")
                        .append(" size=")
                        .append(random.nextInt(1000))
                        .append(" n=")
                        .append(i)
                        .append("\"]");
            }
            body.append("]}");
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    void stop() throws Exception {
        if (skald != null) {
            skald.close();
        }
    }

    private JsonNode range(String query, String... more) throws Exception {
        String[] params = new String[6 + more.length];
        System.arraycopy(
                new String[] {"query", query, "start", Long.toString(start), "end", Long.toString(end)},
                0,
                params,
                0,
                6);
        System.arraycopy(more, 0, params, 6, more.length);
        HttpResponse<String> r = skald.query("/loki/api/v1/query_range", params);
        assertEquals(200, r.statusCode(), query + ": " + r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void shardedAnswersEqualUnshardedOnes() throws Exception {
        Map<String, JsonNode> sharded = new LinkedHashMap<>();
        for (String q : SHARDABLE) {
            JsonNode doc = range(q, "step", "60");
            assertTrue(doc.at("/data/stats/summary/shards").asInt() > 1, q + " was sharded");
            sharded.put(q, doc.at("/data/result"));
        }
        for (String q : UNSHARDABLE) {
            JsonNode doc = range(q, "step", "60");
            assertEquals(0, doc.at("/data/stats/summary/shards").asInt(), q + " runs unsharded");
            sharded.put(q, doc.at("/data/result"));
        }
        for (String direction : List.of("forward", "backward")) {
            String q = "{job=\"shard\"} | logfmt | level=\"error\"";
            JsonNode doc = range(q, "limit", "37", "direction", direction);
            assertTrue(doc.at("/data/stats/summary/shards").asInt() > 1, "log queries shard too");
            sharded.put(q + " " + direction, doc.at("/data/result"));
        }
        assertEquals(200, skald.post("/admin/modules/query-frontend/disable").statusCode());
        try {
            for (String q : SHARDABLE) {
                assertSame(range(q, "step", "60").at("/data/result"), sharded.get(q), q);
            }
            for (String q : UNSHARDABLE) {
                assertEquals(sharded.get(q), range(q, "step", "60").at("/data/result"), q);
            }
            for (String direction : List.of("forward", "backward")) {
                String q = "{job=\"shard\"} | logfmt | level=\"error\"";
                JsonNode whole = range(q, "limit", "37", "direction", direction).at("/data/result");
                assertEquals(37, count(whole));
                assertEquals(whole, sharded.get(q + " " + direction), q + " " + direction);
            }
        } finally {
            assertEquals(200, skald.post("/admin/modules/query-frontend/enable").statusCode());
        }
    }

    /**
     * The same document, but sample values compared to 1e-12 of their size: shards add partial rates
     * in another order than one querier does, as in Loki, and floating point addition is not associative.
     */
    private static void assertSame(JsonNode expected, JsonNode actual, String what) {
        if (expected.isTextual() && actual.isTextual() && !expected.equals(actual)) {
            double e = Double.parseDouble(expected.asText());
            double a = Double.parseDouble(actual.asText());
            assertTrue(Math.abs(e - a) <= 1e-12 * Math.max(1, Math.abs(e)), what + ": " + e + " vs " + a);
            return;
        }
        assertEquals(expected.size(), actual.size(), what + ": " + expected + " vs " + actual);
        if (expected.isObject()) {
            expected.fieldNames().forEachRemaining(f -> assertSame(expected.get(f), actual.get(f), what));
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                assertSame(expected.get(i), actual.get(i), what);
            }
        } else {
            assertEquals(expected, actual, what);
        }
    }

    private static int count(JsonNode streams) {
        int n = 0;
        for (JsonNode s : streams) {
            n += s.get("values").size();
        }
        return n;
    }
}
