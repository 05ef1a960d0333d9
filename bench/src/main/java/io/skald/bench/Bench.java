// SPDX-License-Identifier: Apache-2.0
package io.skald.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The foundation's benchmarks: start-up, module switching, and requests/s through the middleware chain. */
public final class Bench {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    public static void main(String[] args) throws Exception {
        Path runtime = Path.of(args[0]).toAbsolutePath().normalize();
        String which = args.length > 1 ? args[1] : "all";
        List<String> rest = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of();
        System.out.printf(
                "machine: %d cores, %s %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        switch (which) {
            case "startup" -> startup(runtime, intArg(rest, 0, 10));
            case "switch" -> switches(runtime, intArg(rest, 0, 50));
            case "http" -> http(runtime, intArg(rest, 0, 10), intArg(rest, 1, 64));
            case "push" -> push(runtime, intArg(rest, 0, 30), intArg(rest, 1, 4));
            case "query" -> query(runtime, intArg(rest, 0, 10), rest.size() > 1 ? rest.get(1) : "snappy");
            case "frontend" -> frontend(runtime, intArg(rest, 0, 6), intArg(rest, 1, 3_000_000));
            case "ceiling" -> Ceiling.print(intArg(rest, 0, 4));
            default -> {
                startup(runtime, 10);
                switches(runtime, 50);
                http(runtime, 10, 64);
            }
        }
    }

    private static int intArg(List<String> args, int i, int fallback) {
        return args.size() > i ? Integer.parseInt(args.get(i)) : fallback;
    }

    /** Process start to first 200 on /ready, fresh data folder each run (so a clean OSGi cache, as after a deploy). */
    static void startup(Path runtime, int runs) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try (Server server = Server.start(runtime, "startup-" + i)) {
                millis.add(server.readyMillis);
            }
        }
        System.out.println("startup to /ready (ms): " + summary(millis));
    }

    /** Disable then enable, many times, reading the server's own timing and the client round trip. */
    static void switches(Path runtime, int iterations) throws Exception {
        try (Server server = Server.start(runtime, "switch")) {
            ObjectMapper json = new ObjectMapper();
            for (String module : List.of("store", "compactor")) {
                List<Double> disable = new ArrayList<>();
                List<Double> enable = new ArrayList<>();
                List<Double> roundTrip = new ArrayList<>();
                for (int i = 0; i < iterations; i++) {
                    long t0 = System.nanoTime();
                    disable.add(json.readTree(server.post("/admin/modules/" + module + "/disable"))
                            .get("tookMillis")
                            .asDouble());
                    enable.add(json.readTree(server.post("/admin/modules/" + module + "/enable"))
                            .get("tookMillis")
                            .asDouble());
                    roundTrip.add((System.nanoTime() - t0) / 1e6);
                    if (server.get("/ready").statusCode() != 200) {
                        throw new IllegalStateException("not ready after re-enabling " + module);
                    }
                }
                System.out.printf(
                        "%s disable (ms, until it and its dependents let go): %s%n", module, summary(disable));
                System.out.printf(
                        "%s enable  (ms, until it and its dependents are Running): %s%n", module, summary(enable));
                System.out.printf(
                        "%s disable+enable over HTTP, client round trip (ms): %s%n", module, summary(roundTrip));
            }
        }
    }

    static void http(Path runtime, int seconds, int concurrency) throws Exception {
        try (Server server = Server.start(runtime, "http")) {
            // buildinfo is a constant document: what is measured is the server and its middleware chain.
            for (String path : List.of("/loki/api/v1/status/buildinfo", "/ready")) {
                for (HttpLoad.Protocol protocol : HttpLoad.Protocol.values()) {
                    HttpLoad.run(server.url(path), protocol, concurrency, 3); // warm-up
                    HttpLoad.Result r = HttpLoad.run(server.url(path), protocol, concurrency, seconds);
                    System.out.printf(
                            Locale.ROOT,
                            "GET %s %s, %d concurrent, %d s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d%n",
                            path,
                            protocol,
                            concurrency,
                            seconds,
                            r.requestsPerSecond(),
                            r.p50Millis(),
                            r.p99Millis(),
                            r.errors());
                }
            }
        }
    }

    /** Lines/s through POST /loki/api/v1/push, heap in use, and stored bytes per raw byte after a flush. */
    static void push(Path runtime, int seconds, int threads) throws Exception {
        Path config = Files.createTempFile("skald-bench", ".yaml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "limits_config:",
                        "  ingestion_rate_mb: 100000",
                        "  ingestion_burst_size_mb: 100000",
                        "  max_global_streams_per_user: 0",
                        ""));
        try (Server server = Server.start(runtime, "push", "-config.file=" + config)) {
            String url = server.url("/loki/api/v1/push");
            PushLoad.Result warm = PushLoad.run(url, threads, 5); // warm-up (its bytes are stored too)
            AtomicLong maxHeap = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        for (String line : server.get("/metrics").body().split("\n")) {
                            if (line.startsWith("jvm_memory_bytes_used{area=\"heap\",}")) {
                                maxHeap.accumulateAndGet(
                                        (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
                                        Math::max);
                            }
                        }
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception ignored) {
                        // keep sampling
                    }
                }
            });
            sampler.start();
            long diskBefore = diskBytes(server.dir.resolve("data/chunks"));
            PushLoad.Result r = PushLoad.run(url, threads, seconds);
            sampler.interrupt();
            sampler.join();
            long flushStart = System.nanoTime();
            server.post("/flush");
            double flushSeconds = (System.nanoTime() - flushStart) / 1e9;
            long disk = diskBytes(server.dir.resolve("data/chunks"));
            System.out.printf(
                    Locale.ROOT,
                    "push, %d client threads, %d s: %.0f lines/s, %.1f MB/s of log lines, errors %d%n",
                    threads,
                    seconds,
                    r.linesPerSecond(),
                    r.mbPerSecond(),
                    r.errors());
            System.out.printf(
                    Locale.ROOT,
                    "server heap in use, max sampled: %.0f MiB (server -Xmx%s)%n",
                    maxHeap.get() / 1048576.0,
                    System.getenv().getOrDefault("SKALD_BENCH_XMX", "1g"));
            System.out.printf(Locale.ROOT, "flush of everything left in memory: %.1f s%n", flushSeconds);
            double raw = warm.rawBytes() + r.rawBytes();
            double stored = disk - diskBefore;
            double snappyAlone = (double) (warm.snappyAloneBytes() + r.snappyAloneBytes()) / (raw / 20.0);
            System.out.printf(
                    Locale.ROOT,
                    "stored: %.1f MB chunks+index for %.1f MB of raw lines = %.3f per raw byte; "
                            + "snappy alone on every 20th batch: %.3f; stored / snappy alone = %.2f%n",
                    stored / 1e6,
                    raw / 1e6,
                    stored / raw,
                    snappyAlone,
                    stored / raw / snappyAlone);
        }
    }

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

    static long diskBytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    static String summary(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        double p90 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
        return String.format(
                Locale.ROOT,
                "n=%d min %.1f median %.1f p90 %.1f max %.1f",
                sorted.size(),
                sorted.get(0),
                median,
                p90,
                sorted.get(sorted.size() - 1));
    }

    /** runtime/skald as a child process on a free loopback port, in a scratch folder. */
    static final class Server implements AutoCloseable {
        final Process process;
        final int port;
        final double readyMillis;
        final Path dir;
        /** Its own client: ports are reused from run to run, and pooled connections must not outlive their server. */
        final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();

        private Server(Process process, int port, double readyMillis, Path dir) {
            this.process = process;
            this.port = port;
            this.readyMillis = readyMillis;
            this.dir = dir;
        }

        static Server start(Path runtime, String name, String... flags) throws Exception {
            Path dir = Files.createTempDirectory("skald-bench-" + name);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            long t0 = System.nanoTime();
            List<String> command = new ArrayList<>(List.of(
                    runtime.resolve("skald").toString(),
                    "-server.http-listen-address=127.0.0.1",
                    "-server.http-listen-port=" + port,
                    "-log.level=warn"));
            command.addAll(List.of(flags));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("skald.log").toFile());
            pb.environment().put("SKALD_JAVA_OPTS", "-Xmx" + System.getenv().getOrDefault("SKALD_BENCH_XMX", "1g"));
            Process p = pb.start();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> r = HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return new Server(p, port, (System.nanoTime() - t0) / 1e6, dir);
                    }
                } catch (IOException booting) {
                    // not listening yet
                }
                Thread.sleep(5);
            }
            p.destroyForcibly();
            throw new IllegalStateException("not ready in 60 s; see " + dir.resolve("skald.log"));
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
        }

        String post(String path) throws Exception {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url(path)))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private Bench() {}
}
