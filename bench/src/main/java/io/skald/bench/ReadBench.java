// SPDX-License-Identifier: Apache-2.0
package io.skald.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** The read-path benchmarks: queries over pushed and flushed data, sharded and not; the query-frontend's splits. */
final class ReadBench {
    private ReadBench() {}

    /**
     * Pushes {@code seconds} of the push load, flushes it to the store, then runs filter and metric
     * queries over all of it and reports the server's own stats: bytes of log decompressed and
     * scanned per second of query time.
     */
    static void query(Path runtime, int seconds, String encoding) throws Exception {
        Path config = Files.createTempFile("skald-bench", ".yaml");
        Files.writeString(
                config,
                "limits_config:\n  ingestion_rate_mb: 100000\n  ingestion_burst_size_mb: 100000\n"
                        + "  max_global_streams_per_user: 0\ningester:\n  chunk_encoding: " + encoding + "\n");
        System.out.println("chunk_encoding: " + encoding);
        try (Server server = Server.start(runtime, "query", "-config.file=" + config)) {
            long from = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;
            PushLoad.Result loaded = PushLoad.run(server.url("/loki/api/v1/push"), 4, seconds);
            server.post("/flush");
            long to = System.currentTimeMillis() * 1_000_000L + 60_000_000_000L;
            System.out.printf(
                    Locale.ROOT,
                    "loaded %.0f MB of lines (%d lines) into chunks%n",
                    loaded.rawBytes() / 1e6,
                    loaded.lines());
            String[] queries = {
                "{namespace=~\"ns-.*\"} |= \"needle-that-is-not-there\"",
                "{namespace=~\"ns-.*\"} |= \"user=99999\"",
                "{namespace=~\"ns-.*\"} | logfmt | level=\"error\"",
                "{namespace=~\"ns-.*\"} | logfmt | level=\"fatal\"",
                "sum by (level) (count_over_time({namespace=~\"ns-.*\"} | logfmt [1m]))"
            };
            ObjectMapper json = new ObjectMapper();
            String selector = "{namespace=~\"ns-.*\"}";
            // what the queries cover: the uncompressed bytes the index holds for the selected streams
            HttpResponse<String> stats = server.http.send(
                    HttpRequest.newBuilder(URI.create(server.url("/loki/api/v1/index/stats?start=" + from + "&end=" + to
                                    + "&query=" + URLEncoder.encode(selector, StandardCharsets.UTF_8))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            var index = json.readTree(stats.body());
            double covered = index.path("bytes").asDouble();
            System.out.printf(
                    Locale.ROOT,
                    "index: %d streams, %d chunks, %d entries, %.0f MB uncompressed%n",
                    index.path("streams").asLong(),
                    index.path("chunks").asLong(),
                    index.path("entries").asLong(),
                    covered / 1e6);
            // each query twice: through the query-frontend (split and sharded over every core) and by the
            // querier alone (the frontend switched off: one thread), so the per-core figures compare in one run
            int cores = Runtime.getRuntime().availableProcessors();
            Map<String, Measured> sharded = new LinkedHashMap<>();
            for (String q : queries) {
                sharded.put(q, measure(server, json, q, from, to));
            }
            server.post("/admin/modules/query-frontend/disable");
            try {
                for (String q : queries) {
                    Measured one = measure(server, json, q, from, to);
                    Measured all = sharded.get(q);
                    if (one.status() != 200 || all.status() != 200) {
                        System.out.printf(
                                Locale.ROOT, "%s: HTTP %d / %d: %s%n", q, all.status(), one.status(), one.body());
                        continue;
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%s: %.0f MB covered; sharded over %d cores (%d shards) median %.3f s = %.0f MB/s/core; "
                                    + "one querier thread %.3f s = %.0f MB/s (%.2f× faster sharded); "
                                    + "%.0f MB decompressed, %d lines through the pipeline%n",
                            q,
                            covered / 1e6,
                            cores,
                            all.summary().path("shards").asInt(),
                            all.wall(),
                            covered / 1e6 / all.wall() / cores,
                            one.wall(),
                            covered / 1e6 / one.wall(),
                            one.wall() / all.wall(),
                            one.summary().path("totalBytesProcessed").asDouble() / 1e6,
                            one.summary().path("totalLinesProcessed").asLong());
                }
            } finally {
                server.post("/admin/modules/query-frontend/enable");
            }
            Thread.sleep(2000); // the frontend back in front before the Grafana-like requests
            grafanaLike(server, json, to);
        }
    }

    /** One query's median wall time over three runs after a warm-up, its last status, body and stats summary. */
    record Measured(double wall, int status, String body, JsonNode summary) {}

    static Measured measure(Server server, ObjectMapper json, String q, long from, long to) throws Exception {
        List<Double> walls = new ArrayList<>();
        JsonNode summary = json.createObjectNode();
        int status = 0;
        String body = "";
        for (int run = 0; run < 4; run++) {
            String url = server.url("/loki/api/v1/query_range?limit=100&step=60&start=" + from + "&end=" + to
                    + "&query=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
            long t0 = System.nanoTime();
            HttpResponse<String> r = server.http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            double wall = (System.nanoTime() - t0) / 1e9;
            status = r.statusCode();
            body = r.body();
            if (run > 0) { // the first run warms the JIT
                walls.add(wall);
            }
            if (status == 200) {
                summary = json.readTree(body).at("/data/stats/summary");
            }
        }
        Collections.sort(walls);
        return new Measured(walls.get(walls.size() / 2), status, body, summary);
    }

    /**
     * What Grafana's Explore sends for one stream over the last hour: the log volume histogram and
     * the first 1,000 lines, one after the other, 30 times; p50 and p99 of each.
     */
    static void grafanaLike(Server server, ObjectMapper json, long to) throws Exception {
        long from = to - 3_600_000_000_000L;
        String[][] requests = {
            {"volume", "sum by (level) (count_over_time({namespace=\"ns-6\"} |= \"error\" [1m]))", "&step=15"},
            {"logs", "{namespace=\"ns-6\"} |= \"error\"", "&limit=1000"}
        };
        for (String[] r : requests) {
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < 31; i++) {
                String url = server.url("/loki/api/v1/query_range?start=" + from + "&end=" + to + r[2] + "&query="
                        + URLEncoder.encode(r[1], StandardCharsets.UTF_8));
                long t0 = System.nanoTime();
                HttpResponse<String> resp = server.http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() != 200) {
                    throw new IllegalStateException(resp.body());
                }
                if (i > 0) {
                    millis.add((System.nanoTime() - t0) / 1e6);
                }
            }
            Collections.sort(millis);
            System.out.printf(
                    Locale.ROOT,
                    "grafana-like %s (%s, last hour): p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d runs%n",
                    r[0],
                    r[1],
                    millis.get(millis.size() / 2),
                    millis.get((int) Math.ceil(millis.size() * 0.99) - 1),
                    millis.get(millis.size() - 1),
                    millis.size());
        }
    }

    /**
     * The query-frontend's effect: {@code lines} logfmt lines over the last {@code hours} hours in 100
     * streams, queried with a metric query over the whole range by a server that splits at the hour
     * (the default) and by one that does not (split_queries_by_interval: 0), then again (the cache).
     */
    static void frontend(Path runtime, int hours, int lines) throws Exception {
        long end = (System.currentTimeMillis() - 600_000) * 1_000_000L; // older than max_cache_freshness_per_query
        long start = end - hours * 3_600_000_000_000L;
        String query = "sum by (level) (count_over_time({namespace=~\"ns-.*\"} | logfmt [5m]))";
        for (String split : List.of("1h", "0")) {
            Path config = Files.createTempFile("skald-bench", ".yaml");
            Files.writeString(
                    config,
                    "limits_config:\n  ingestion_rate_mb: 100000\n  ingestion_burst_size_mb: 100000\n"
                            + "  max_global_streams_per_user: 0\n  split_queries_by_interval: " + split + "\n"
                            + "  reject_old_samples_max_age: 1000h\n");
            try (Server server = Server.start(runtime, "frontend", "-config.file=" + config)) {
                SplittableRandom random = new SplittableRandom(7);
                String[] levels = {"info", "info", "info", "debug", "warn", "error"};
                int streams = 100;
                int perStream = lines / streams;
                long gap = (end - start) / perStream;
                int batch = 2_000;
                for (int from = 0; from < perStream; from += batch) {
                    StringBuilder body = new StringBuilder("{\"streams\":[");
                    for (int st = 0; st < streams; st++) {
                        body.append(st == 0 ? "" : ",")
                                .append("{\"stream\":{\"app\":\"app-")
                                .append(st % 10)
                                .append("\",\"namespace\":\"ns-")
                                .append(st % 7)
                                .append("\",\"pod\":\"pod-")
                                .append(st)
                                .append("\"},\"values\":[");
                        for (int i = from; i < Math.min(perStream, from + batch); i++) {
                            body.append(i == from ? "" : ",")
                                    .append("[\"")
                                    .append(start + i * gap + st)
                                    .append("\",\"level=")
                                    .append(levels[random.nextInt(levels.length)])
                                    .append(" method=GET path=/api/v1/push status=")
                                    .append(random.nextInt(10) == 0 ? 500 : 200)
                                    .append(" duration=")
                                    .append(random.nextInt(2000))
                                    .append("ms trace_id=")
                                    .append(Long.toHexString(random.nextLong() | Long.MIN_VALUE))
                                    .append("\"]");
                        }
                        body.append("]}");
                    }
                    body.append("]}");
                    HttpResponse<String> r = server.http.send(
                            HttpRequest.newBuilder(URI.create(server.url("/loki/api/v1/push")))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 204) {
                        throw new IllegalStateException(r.statusCode() + " " + r.body());
                    }
                }
                server.post("/flush");
                String url = server.url("/loki/api/v1/query_range?step=60&start=" + start + "&end=" + end + "&query="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8));
                List<Double> first = new ArrayList<>();
                double cached = 0;
                for (int run = 0; run < 4; run++) {
                    if (run > 0) { // each run asks another step, so no run is answered from the cache
                        url = url.replace("step=" + (60 + run - 1), "step=" + (60 + run));
                    }
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = server.http.send(
                            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
                    double wall = (System.nanoTime() - t0) / 1e9;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(r.statusCode() + " " + r.body());
                    }
                    if (run > 0) {
                        first.add(wall);
                    }
                }
                if (split.equals("1h")) {
                    long t0 = System.nanoTime();
                    server.http.send(
                            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
                    cached = (System.nanoTime() - t0) / 1e9;
                }
                Collections.sort(first);
                System.out.printf(
                        Locale.ROOT,
                        "split_queries_by_interval %s: %d lines over %d h; %s median %.3f s (3 runs, cold cache)%s%n",
                        split,
                        perStream * streams,
                        hours,
                        query,
                        first.get(1),
                        split.equals("1h")
                                ? String.format(Locale.ROOT, "; the same query again, from the cache: %.3f s", cached)
                                : "");
            }
        }
    }
}
