// SPDX-License-Identifier: Apache-2.0
package io.skald.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The foundation's benchmarks: start-up, module switching, and requests/s through the middleware chain. */
public final class Bench {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    public static void main(String[] args) throws Exception {
        Path runtime = Path.of(args[0]).toAbsolutePath().normalize();
        String which = args.length > 1 ? args[1] : "all";
        List<String> rest = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of();
        System.out.printf("machine: %d cores, %s %s%n", java.lang.Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        switch (which) {
            case "startup" -> startup(runtime, intArg(rest, 0, 10));
            case "switch" -> switches(runtime, intArg(rest, 0, 50));
            case "http" -> http(runtime, intArg(rest, 0, 10), intArg(rest, 1, 64));
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
                    disable.add(json.readTree(server.post("/admin/modules/" + module + "/disable")).get("tookMillis").asDouble());
                    enable.add(json.readTree(server.post("/admin/modules/" + module + "/enable")).get("tookMillis").asDouble());
                    roundTrip.add((System.nanoTime() - t0) / 1e6);
                    if (server.get("/ready").statusCode() != 200) {
                        throw new IllegalStateException("not ready after re-enabling " + module);
                    }
                }
                System.out.printf("%s disable (ms, until it and its dependents let go): %s%n", module, summary(disable));
                System.out.printf("%s enable  (ms, until it and its dependents are Running): %s%n", module, summary(enable));
                System.out.printf("%s disable+enable over HTTP, client round trip (ms): %s%n", module, summary(roundTrip));
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
                    System.out.printf(Locale.ROOT, "GET %s %s, %d concurrent, %d s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d%n",
                            path, protocol, concurrency, seconds, r.requestsPerSecond(), r.p50Millis(), r.p99Millis(), r.errors());
                }
            }
        }
    }

    static String summary(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        double p90 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
        return String.format(Locale.ROOT, "n=%d min %.1f median %.1f p90 %.1f max %.1f", sorted.size(),
                sorted.get(0), median, p90, sorted.get(sorted.size() - 1));
    }

    /** runtime/skald as a child process on a free loopback port, in a scratch folder. */
    static final class Server implements AutoCloseable {
        final Process process;
        final int port;
        final double readyMillis;

        private Server(Process process, int port, double readyMillis) {
            this.process = process;
            this.port = port;
            this.readyMillis = readyMillis;
        }

        static Server start(Path runtime, String name) throws Exception {
            Path dir = Files.createTempDirectory("skald-bench-" + name);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(runtime.resolve("skald").toString(), "-server.http-listen-address=127.0.0.1",
                    "-server.http-listen-port=" + port, "-log.level=warn")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("skald.log").toFile()).start();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return new Server(p, port, (System.nanoTime() - t0) / 1e6);
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
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
        }

        String post(String path) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(path)))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
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

    private Bench() {
    }
}
