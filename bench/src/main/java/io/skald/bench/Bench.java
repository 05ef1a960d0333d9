// SPDX-License-Identifier: Apache-2.0
package io.skald.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** The foundation's benchmarks: start-up, module switching, and requests/s through the middleware chain. */
public final class Bench {
    static final HttpClient HTTP = HttpClient.newBuilder()
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
            case "query" -> ReadBench.query(runtime, intArg(rest, 0, 10), rest.size() > 1 ? rest.get(1) : "snappy");
            case "frontend" -> ReadBench.frontend(runtime, intArg(rest, 0, 6), intArg(rest, 1, 3_000_000));
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

    private Bench() {}
}
