// SPDX-License-Identifier: Apache-2.0
package io.skald.bench;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

/** runtime/skald as a child process on a free loopback port, in a scratch folder. */
final class Server implements AutoCloseable {
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
                HttpResponse<String> r = Bench.HTTP.send(
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
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
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
