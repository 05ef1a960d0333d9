// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Known data for the query API tests, pushed once per class: three streams of a few lines a minute
 * ago, one line with structured metadata; and Loki's documents compared without their stats.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class QueryFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    SkaldProcess skald;
    long t0;

    @BeforeAll
    void start() throws Exception {
        skald = SkaldProcess.start(getClass().getSimpleName());
        skald.awaitReady(Duration.ofSeconds(60));
        t0 = (System.currentTimeMillis() - 60_000) * 1_000_000L;
        String body = "{\"streams\":["
                + "{\"stream\":{\"app\":\"api\",\"env\":\"prod\"},\"values\":[[\"" + t0
                + "\",\"level=info msg=start\"],"
                + "[\"" + (t0 + 1000) + "\",\"level=error msg=boom\"],[\"" + (t0 + 2000)
                + "\",\"level=info msg=done\"]]},"
                + "{\"stream\":{\"app\":\"web\",\"env\":\"dev\"},\"values\":[[\"" + (t0 + 1500)
                + "\",\"GET / 500 error\"]]}]}";
        assertEquals(
                204,
                Pushes.post(skald, "application/json", body.getBytes(StandardCharsets.UTF_8))
                        .statusCode());
        String meta = "{\"streams\":[{\"stream\":{\"app\":\"meta\"},\"values\":[[\"" + (t0 + 5000)
                + "\",\"level=warn msg=slow\",{\"trace_id\":\"abc\"}]]}]}";
        assertEquals(
                204,
                Pushes.post(skald, "application/json", meta.getBytes(StandardCharsets.UTF_8))
                        .statusCode());
    }

    @AfterAll
    void stop() throws Exception {
        if (skald != null) {
            skald.close();
        }
    }

    static JsonNode withoutStats(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        JsonNode doc = JSON.readTree(r.body());
        if (doc.path("data").has("stats")) {
            assertTrue(doc.path("data").path("stats").path("summary").has("execTime"));
            ((ObjectNode) doc.get("data")).remove("stats");
        }
        return doc;
    }

    long indexBytes() throws Exception {
        return Stored.refs(skald.dir.resolve("data"), "fake").stream()
                .filter(r -> r.labels().toString().contains("app=\"api\""))
                .mapToLong(r -> r.uncompressedSize())
                .sum();
    }
}
