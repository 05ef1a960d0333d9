// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Live tail over a real WebSocket (the JDK's client): what was there, then what arrives, as Loki's tail messages. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TailProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private SkaldProcess skald;

    @BeforeAll
    void start() throws Exception {
        skald = SkaldProcess.start("tail");
        skald.awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() throws Exception {
        if (skald != null) {
            skald.close();
        }
    }

    /** Collects the text messages of one WebSocket. */
    static final class Messages implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    private WebSocket open(HttpClient client, Messages listener, String query, String... params) throws Exception {
        StringBuilder uri = new StringBuilder("ws://127.0.0.1:" + skald.port + "/loki/api/v1/tail?query=")
                .append(URLEncoder.encode(query, StandardCharsets.UTF_8));
        for (int i = 0; i < params.length; i += 2) {
            uri.append('&')
                    .append(params[i])
                    .append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return client.newWebSocketBuilder()
                .buildAsync(URI.create(uri.toString()), listener)
                .get(10, TimeUnit.SECONDS);
    }

    /** The lines of the messages received within {@code wait}, until {@code expected} have come. */
    private static List<String> lines(Messages m, int expected, Duration wait) throws Exception {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (lines.size() < expected && System.nanoTime() < deadline) {
            String msg = m.received.poll(200, TimeUnit.MILLISECONDS);
            if (msg == null) {
                continue;
            }
            JsonNode doc = JSON.readTree(msg);
            for (JsonNode stream : doc.get("streams")) {
                assertEquals("api", stream.at("/stream/app").asText(), msg);
                for (JsonNode v : stream.get("values")) {
                    assertTrue(v.get(0).asText().matches("\\d{19}"), msg);
                    lines.add(v.get(1).asText());
                }
            }
        }
        return lines;
    }

    @Test
    void tailSendsWhatWasThereThenWhatArrives() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        assertEquals(
                204,
                Pushes.post(
                                skald,
                                "application/json",
                                ("{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[" + "[\""
                                                + (now - 2_000_000_000L) + "\",\"level=error before\"],[\""
                                                + (now - 1_000_000_000L) + "\",\"level=info skipped\"]]}]}")
                                        .getBytes(StandardCharsets.UTF_8))
                        .statusCode());
        HttpClient client = HttpClient.newHttpClient();
        Messages messages = new Messages();
        WebSocket ws =
                open(client, messages, "{app=\"api\"} |= \"error\"", "start", Long.toString(now - 60_000_000_000L));
        try {
            String first = messages.received.poll(10, TimeUnit.SECONDS);
            assertEquals(
                    JSON.readTree("""
                    {"streams":[{"stream":{"app":"api","service_name":"api"},"values":[["%d","level=error before"]]}]}
                    """.formatted(now - 2_000_000_000L)),
                    JSON.readTree(String.valueOf(first)),
                    "Loki's tail message, whole");
            for (int i = 0; i < 3; i++) {
                long t = System.currentTimeMillis() * 1_000_000L;
                assertEquals(
                        204,
                        Pushes.post(
                                        skald,
                                        "application/json",
                                        ("{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[" + "[\"" + t
                                                        + "\",\"level=error live " + i + "\"],[\"" + (t + 1)
                                                        + "\",\"level=info not me\"]]}]}")
                                                .getBytes(StandardCharsets.UTF_8))
                                .statusCode());
            }
            assertEquals(
                    List.of("level=error live 0", "level=error live 1", "level=error live 2"),
                    lines(messages, 3, Duration.ofSeconds(10)));
            long late = System.currentTimeMillis() * 1_000_000L - 30_000_000_000L;
            assertEquals(
                    204,
                    Pushes.post(
                                    skald,
                                    "application/json",
                                    ("{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[" + "[\"" + late
                                                    + "\",\"level=error late but new\"]]}]}")
                                            .getBytes(StandardCharsets.UTF_8))
                            .statusCode());
            assertEquals(
                    List.of("level=error late but new"),
                    lines(messages, 1, Duration.ofSeconds(10)),
                    "as Loki's ingester tailers: what arrives is sent, whatever its timestamp");
            assertEquals(null, messages.received.poll(1500, TimeUnit.MILLISECONDS), "nothing is sent twice");
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
        assertEquals(200, skald.get("/ready").statusCode());
    }

    /** With Grafana's categorize-labels flag a tail message carries three elements per entry, as a query result does. */
    @Test
    void categorizedTailKeepsStreamLabelsApart() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        assertEquals(
                204,
                Pushes.post(
                                skald,
                                "application/json",
                                ("{\"streams\":[{\"stream\":{\"app\":\"cat\"},\"values\":[" + "[\""
                                                + (now - 1_000_000_000L) + "\",\"plain before\"]]}]}")
                                        .getBytes(StandardCharsets.UTF_8))
                        .statusCode());
        Messages messages = new Messages();
        WebSocket ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("X-Loki-Response-Encoding-Flags", "categorize-labels")
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + skald.port + "/loki/api/v1/tail?query="
                                + URLEncoder.encode("{app=\"cat\"} | logfmt", StandardCharsets.UTF_8) + "&start="
                                + (now - 60_000_000_000L)),
                        messages)
                .get(10, TimeUnit.SECONDS);
        try {
            assertEquals(
                    JSON.readTree("""
                    {"streams":[{"stream":{"app":"cat","service_name":"cat"},"values":[["%d","plain before",{}]]}],
                     "encodingFlags":["categorize-labels"]}
                    """.formatted(now - 1_000_000_000L)),
                    JSON.readTree(String.valueOf(messages.received.poll(10, TimeUnit.SECONDS))));
            long t = System.currentTimeMillis() * 1_000_000L;
            assertEquals(
                    204,
                    Pushes.post(
                                    skald,
                                    "application/json",
                                    ("{\"streams\":[{\"stream\":{\"app\":\"cat\"},\"values\":[" + "[\"" + t
                                                    + "\",\"level=warn\",{\"trace_id\":\"t1\"}]]}]}")
                                            .getBytes(StandardCharsets.UTF_8))
                            .statusCode());
            assertEquals(
                    JSON.readTree("""
                    {"streams":[{"stream":{"app":"cat","service_name":"cat"},"values":[
                      ["%d","level=warn",{"structuredMetadata":{"trace_id":"t1"},"parsed":{"level":"warn"}}]]}],
                     "encodingFlags":["categorize-labels"]}
                    """.formatted(t)),
                    JSON.readTree(String.valueOf(messages.received.poll(10, TimeUnit.SECONDS))));
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void badTailsGetLokis400s() throws Exception {
        HttpResponse<String> metric = skald.get(
                "/loki/api/v1/tail?query=" + URLEncoder.encode("rate({app=\"api\"}[1m])", StandardCharsets.UTF_8));
        assertEquals(400, metric.statusCode(), metric.body());
        HttpResponse<String> delay = skald.get(
                "/loki/api/v1/tail?delay_for=6&query=" + URLEncoder.encode("{app=\"api\"}", StandardCharsets.UTF_8));
        assertEquals(400, delay.statusCode());
        assertEquals("delay_for can't be greater than 5\n", delay.body());
        HttpResponse<String> plain =
                skald.get("/loki/api/v1/tail?query=" + URLEncoder.encode("{app=\"api\"}", StandardCharsets.UTF_8));
        assertEquals(400, plain.statusCode(), "a plain GET is not a WebSocket");
    }

    @Test
    void aTenantHoldsAtMostTenTails() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<WebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                open.add(open(client, new Messages(), "{app=\"limit\"}"));
            }
            Exception refused = null;
            try {
                open.add(open(client, new Messages(), "{app=\"limit\"}"));
            } catch (Exception e) {
                refused = e;
            }
            assertTrue(refused != null, "the eleventh tail is refused");
        } finally {
            for (WebSocket ws : open) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            }
        }
        Thread.sleep(500);
        WebSocket again = open(client, new Messages(), "{app=\"limit\"}"); // closed tails give their places back
        again.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
}
