// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.skald.core.model.Labels;
import io.skald.logproto.PusherGrpc;
import io.skald.logproto.otlp.AnyValue;
import io.skald.logproto.otlp.ExportLogsServiceRequest;
import io.skald.logproto.otlp.KeyValue;
import io.skald.logproto.otlp.LogRecord;
import io.skald.logproto.otlp.Resource;
import io.skald.logproto.otlp.ResourceLogs;
import io.skald.logproto.otlp.ScopeLogs;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xerial.snappy.Snappy;

/** Loki clients push to runtime/skald unchanged; what is acknowledged is stored, what is bad is refused clearly. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushProcessIT {
    private SkaldProcess skald;

    @BeforeAll
    void start() throws Exception {
        Path config = Files.createDirectories(Path.of("target", "e2e"))
                .resolve("push.yaml")
                .toAbsolutePath();
        Files.writeString(config, "distributor:\n  max_recv_msg_size: 1048576\n");
        skald = SkaldProcess.start("push", "-config.file=" + config);
        skald.awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() throws Exception {
        if (skald != null) {
            skald.close();
        }
    }

    private static List<String> lines(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + " line " + i);
        }
        return out;
    }

    private List<String> storedAfterFlush(String tenant) throws Exception {
        assertEquals(204, skald.post("/flush").statusCode());
        return Stored.text(skald.dir.resolve("data"), tenant);
    }

    @Test
    void protobufJsonGzipAndGrpcPushesAreAllStored() throws Exception {
        assertEquals(
                204,
                Pushes.post(skald, "application/x-protobuf", Pushes.protobuf("{app=\"proto\"}", lines("proto", 100)))
                        .statusCode());
        assertEquals(
                204,
                Pushes.post(
                                skald,
                                "application/json",
                                Pushes.json("json", lines("json", 100)).getBytes(StandardCharsets.UTF_8))
                        .statusCode());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(Pushes.json("gzip", lines("gzip", 100)).getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(
                204,
                Pushes.post(skald, "application/json; charset=utf-8", gz.toByteArray(), "Content-Encoding", "gzip")
                        .statusCode());

        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", skald.port)
                .usePlaintext()
                .build();
        try {
            PusherGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .push(Pushes.request("{app=\"grpc\"}", lines("grpc", 100)));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }

        List<String> stored = storedAfterFlush("fake");
        for (String kind : List.of("proto", "json", "gzip", "grpc")) {
            for (String line : lines(kind, 100)) {
                assertEquals(1, stored.stream().filter(line::equals).count(), line);
            }
        }
        List<Stored.Line> grpc = Stored.lines(skald.dir.resolve("data"), "fake").stream()
                .filter(l -> l.line().startsWith("grpc"))
                .toList();
        assertEquals("{app=\"grpc\", service_name=\"grpc\"}", grpc.get(0).labels());
        assertTrue(skald.get("/metrics").body().contains("skald_distributor_lines_received_total{tenant=\"fake\",}"));
    }

    @Test
    void loki4jsLogbackAppenderPushesUnchanged() throws Exception {
        Path config = skald.dir.resolve("logback.xml");
        Files.writeString(config, """
                <configuration>
                  <shutdownHook class="ch.qos.logback.core.hook.DefaultShutdownHook"/>
                  <appender name="LOKI" class="com.github.loki4j.logback.Loki4jAppender">
                    <http><url>%s</url></http>
                    <labels>
                      app = loki4j
                      env = itest
                    </labels>
                    <message><pattern>%%msg</pattern></message>
                  </appender>
                  <root level="INFO"><appender-ref ref="LOKI"/></root>
                </configuration>
                """.formatted(skald.url("/loki/api/v1/push")));
        Process client = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dlogback.configurationFile=" + config,
                        "-cp",
                        System.getProperty("skald.loki4j.classpath"),
                        Loki4jClientMain.class.getName(),
                        "50")
                .redirectErrorStream(true)
                .start();
        String out = new String(client.getInputStream().readAllBytes());
        assertTrue(client.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, client.exitValue(), out);
        skald.await(
                "Loki4j's 50 lines",
                Duration.ofSeconds(20),
                () -> storedAfterFlush("fake").stream()
                                .filter(l -> l.startsWith("loki4j line "))
                                .count()
                        == 50);
        assertTrue(
                Stored.lines(skald.dir.resolve("data"), "fake").stream()
                        .anyMatch(l -> l.labels().contains("app=\"loki4j\"")
                                && l.labels().contains("env=\"itest\"")),
                out);
    }

    @Test
    void badBodiesGetClear4xxAndLoseNothing() throws Exception {
        assertEquals(
                204,
                Pushes.post(skald, "application/x-protobuf", Pushes.protobuf("{app=\"keep\"}", lines("keep", 10)))
                        .statusCode());
        record Bad(String what, String contentType, byte[] body, String[] headers, int status, String message) {}
        byte[] garbageProto = Snappy.compress(new byte[] {(byte) 0x0a, (byte) 0xff, (byte) 0xff, 1});
        byte[] huge = new byte[2 << 20];
        Arrays.fill(huge, (byte) 'x');
        List<Bad> cases = List.of(
                new Bad(
                        "bad snappy",
                        "application/x-protobuf",
                        "not snappy at all".getBytes(),
                        new String[0],
                        400,
                        "snappy: corrupt input"),
                new Bad("truncated protobuf", "application/x-protobuf", garbageProto, new String[0], 400, "proto: "),
                new Bad(
                        "invalid JSON",
                        "application/json",
                        "{\"streams\":[".getBytes(),
                        new String[0],
                        400,
                        "error parsing push request"),
                new Bad("huge body", "application/json", huge, new String[0], 413, "message size too large"),
                new Bad(
                        "unknown encoding",
                        "application/json",
                        "{}".getBytes(),
                        new String[] {"Content-Encoding", "br"},
                        400,
                        "Content-Encoding \"br\" not supported"),
                new Bad(
                        "bad labels",
                        "application/json",
                        "{\"streams\":[{\"stream\":{\"bad-name\":\"x\"},\"values\":[[\"1\",\"x\"]]}]}".getBytes(),
                        new String[0],
                        400,
                        "Error parsing labels"));
        for (Bad bad : cases) {
            var response = Pushes.post(skald, bad.contentType(), bad.body(), bad.headers());
            assertEquals(bad.status(), response.statusCode(), bad.what() + ": " + response.body());
            assertTrue(response.body().contains(bad.message()), bad.what() + ": " + response.body());
        }
        assertEquals(200, skald.get("/ready").statusCode());
        List<String> stored = storedAfterFlush("fake");
        for (String line : lines("keep", 10)) {
            assertTrue(stored.contains(line), line);
        }
    }

    @Test
    void aDisabledIngesterMeans503AndNothingAcknowledgedIsLost() throws Exception {
        assertEquals(
                204,
                Pushes.post(skald, "application/x-protobuf", Pushes.protobuf("{app=\"before\"}", lines("before", 20)))
                        .statusCode());
        assertEquals(200, skald.post("/admin/modules/ingester/disable").statusCode());
        var refused =
                Pushes.post(skald, "application/x-protobuf", Pushes.protobuf("{app=\"during\"}", lines("during", 5)));
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("ingester"), refused.body());
        assertEquals(200, skald.post("/admin/modules/ingester/enable").statusCode());
        assertEquals(
                204,
                Pushes.post(skald, "application/x-protobuf", Pushes.protobuf("{app=\"after\"}", lines("after", 5)))
                        .statusCode());
        List<String> stored = storedAfterFlush("fake");
        for (String line : lines("before", 20)) {
            assertEquals(1, stored.stream().filter(line::equals).count(), line);
        }
        assertTrue(stored.containsAll(lines("after", 5)));
        assertTrue(stored.stream().noneMatch(l -> l.startsWith("during")));
    }

    @Test
    void otlpLogsInProtobufAndJsonAreStoredWithLokisMapping() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        var request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(otlpAttribute("service.name", "otel-proto"))
                                .addAttributes(otlpAttribute("host.name", "node-1")))
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .addLogRecords(LogRecord.newBuilder()
                                        .setTimeUnixNano(now)
                                        .setSeverityText("WARN")
                                        .setBody(AnyValue.newBuilder().setStringValue("otlp protobuf line")))))
                .build();
        assertEquals(
                204, postOtlp("application/x-protobuf", request.toByteArray()).statusCode());
        String json =
                "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"otel-json\"}}]},"
                        + "\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"" + now
                        + "\",\"body\":{\"stringValue\":\"otlp json line\"}}]}]}]}";
        assertEquals(
                204,
                postOtlp("application/json", json.getBytes(StandardCharsets.UTF_8))
                        .statusCode());
        var unsupported = postOtlp("text/plain", "x".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, unsupported.statusCode());
        assertEquals("content type: text/plain is not supported\n", unsupported.body());

        assertEquals(204, skald.post("/flush").statusCode());
        List<Stored.Line> stored = Stored.lines(skald.dir.resolve("data"), "fake");
        Stored.Line proto = stored.stream()
                .filter(l -> l.line().equals("otlp protobuf line"))
                .findFirst()
                .orElseThrow();
        assertEquals("{service_name=\"otel-proto\"}", proto.labels());
        assertTrue(
                proto.metadata().contains(new Labels.Label("host_name", "node-1")),
                proto.metadata().toString());
        assertTrue(proto.metadata().contains(new Labels.Label("severity_text", "WARN")));
        assertTrue(stored.stream()
                .anyMatch(l -> l.line().equals("otlp json line") && l.labels().equals("{service_name=\"otel-json\"}")));
    }

    /** Loki's OTLP route takes gzip, zstd and lz4 bodies (an OTel collector's compression setting); nothing else. */
    @Test
    void otlpBodiesCompressedAsOtelCollectorsSendThem() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        for (String encoding : List.of("gzip", "zstd", "lz4")) {
            String json = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                    + "{\"stringValue\":\"otel-" + encoding
                    + "\"}}]},\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"" + now
                    + "\",\"body\":{\"stringValue\":\"compressed with " + encoding + "\"}}]}]}]}";
            byte[] plain = json.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream c = switch (encoding) {
                case "gzip" -> new GZIPOutputStream(out);
                case "zstd" -> new ZstdOutputStream(out);
                default -> new LZ4FrameOutputStream(out);
            }) {
                c.write(plain);
            }
            var r = skald.http.send(
                    HttpRequest.newBuilder(URI.create(skald.url("/otlp/v1/logs")))
                            .header("Content-Type", "application/json")
                            .header("Content-Encoding", encoding)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, r.statusCode(), encoding + ": " + r.body());
        }
        var deflate = skald.http.send(
                HttpRequest.newBuilder(URI.create(skald.url("/otlp/v1/logs")))
                        .header("Content-Type", "application/json")
                        .header("Content-Encoding", "deflate")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2}))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, deflate.statusCode());
        assertEquals("unsupported content encoding deflate: only gzip, lz4 and zstd are supported\n", deflate.body());
        assertEquals(204, skald.post("/flush").statusCode());
        List<Stored.Line> stored = Stored.lines(skald.dir.resolve("data"), "fake");
        for (String encoding : List.of("gzip", "zstd", "lz4")) {
            assertTrue(stored.stream().anyMatch(l -> l.line().equals("compressed with " + encoding)), encoding);
        }
    }

    private static KeyValue otlpAttribute(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    private HttpResponse<String> postOtlp(String contentType, byte[] body) throws Exception {
        return skald.http.send(
                HttpRequest.newBuilder(URI.create(skald.url("/otlp/v1/logs")))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void grpcPushWithABadStreamIsInvalidArgument() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", skald.port)
                .usePlaintext()
                .build();
        try {
            StatusRuntimeException e = Assertions.assertThrows(
                    StatusRuntimeException.class,
                    () -> PusherGrpc.newBlockingStub(channel)
                            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(new Metadata()))
                            .push(Pushes.request("{}", lines("x", 1))));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertEquals(
                    "error at least one label pair is required per stream",
                    e.getStatus().getDescription());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
