// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code runtime/skald} as a user runs it: a separate process in its own working folder (so
 * {@code ./data} lands there), listening on 127.0.0.1, with its own deploy folder.
 */
final class SkaldProcess implements AutoCloseable {
    static final Path RUNTIME = Path.of(System.getProperty("skald.runtime.dir", "../runtime"))
            .toAbsolutePath()
            .normalize();
    /**
     * One client per process: ports are reused between tests, and a shared client would try a pooled
     * connection to a process that is gone (EOF) before opening a new one.
     */
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    final Path dir;
    final Path deploy;
    final Path log;
    final int port;
    final long startedNanos;
    private final Process process;

    private SkaldProcess(Path dir, int port, Process process, long startedNanos) {
        this.dir = dir;
        this.deploy = dir.resolve("deploy");
        this.log = dir.resolve("skald.log");
        this.port = port;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /** Starts the runtime with {@code flags} (the listen address and port are added), in a fresh folder. */
    static SkaldProcess start(String name, String... flags) throws IOException {
        Path dir = Path.of("target", "e2e", name).toAbsolutePath();
        deleteTree(dir);
        return launch(dir, flags);
    }

    /** Starts the runtime again in {@code dir}, on the data a previous run left there. */
    static SkaldProcess restart(Path dir, String name) throws IOException {
        return launch(dir);
    }

    private static SkaldProcess launch(Path dir, String... flags) throws IOException {
        Files.createDirectories(dir.resolve("deploy"));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                RUNTIME.resolve("skald").toString(),
                "-server.http-listen-address=127.0.0.1",
                "-server.http-listen-port=" + port));
        command.addAll(List.of(flags));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("skald.log").toFile());
        pb.environment()
                .put(
                        "SKALD_JAVA_OPTS",
                        "-Dskald.deploy.dir=" + dir.resolve("deploy")
                                + " -Dskald.deploy.poll.millis=200 -Dskald.config.poll.millis=200");
        long start = System.nanoTime();
        return new SkaldProcess(dir, port, pb.start(), start);
    }

    /** Runs the command to completion: for flags and configs that must stop the start. */
    static Result run(String name, String... flags) throws Exception {
        Path dir = Path.of("target", "e2e", name).toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(RUNTIME.resolve("skald").toString()));
        command.addAll(List.of(flags));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not exit: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int exitCode, String output) {}

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Waits for 200 on /ready; returns the milliseconds from process start. */
    long awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("skald exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (get("/ready").statusCode() == 200) {
                    return (System.nanoTime() - startedNanos) / 1_000_000;
                }
            } catch (IOException notListeningYet) {
                // keep polling: the process is still booting
            }
            Thread.sleep(20);
        }
        process.destroyForcibly(); // a test that fails here must not leave a server running
        throw new AssertionError("not ready within " + timeout + ":\n" + Files.readString(log));
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET {@code path} with query parameters given as name, value, … (values URL-encoded). */
    HttpResponse<String> query(String path, String... params) throws IOException, InterruptedException {
        StringBuilder q = new StringBuilder(path).append('?');
        for (int i = 0; i < params.length; i += 2) {
            q.append(i == 0 ? "" : "&")
                    .append(params[i])
                    .append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return get(q.toString());
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url(path)))
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code check} until it holds; fails with the log when it does not within the timeout. */
    void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + "; log:\n" + Files.readString(log));
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** The process's standard input: the Gogo shell reads commands from it with -shell.enabled=true. */
    OutputStream stdin() {
        return process.getOutputStream();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws Exception {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an init system stops it; returns the exit code. */
    int stop() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not stop within 60 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            stop();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
