// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What Grafana's Loki data source and Logs Drilldown send, and the documents they expect back. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private SkaldProcess skald;

    @BeforeAll
    void start() throws Exception {
        skald = SkaldProcess.start("grafana");
        skald.awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() throws Exception {
        if (skald != null) {
            skald.close();
        }
    }

    /**
     * Grafana sends the categorize-labels flag with every data query and then reads three elements per
     * entry: plain lines too get an empty object, through the frontend's split parts, their merge and
     * the results cache (old parts are cached on the first run and read from it on the second).
     */
    @Test
    void categorizedPlainLinesHaveThreeElements() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        long old = now - 2 * 3_600_000_000_000L; // two split intervals back, old enough to be cached
        String body = "{\"streams\":[{\"stream\":{\"app\":\"grafana\"},\"values\":[[\"" + old + "\",\"old line\"],"
                + "[\"" + (now - 1000) + "\",\"new line\"]]}]}";
        assertEquals(
                204,
                Pushes.post(skald, "application/json", body.getBytes(StandardCharsets.UTF_8))
                        .statusCode());
        String path = "/loki/api/v1/query_range?query=" + URLEncoder.encode("{app=\"grafana\"}", StandardCharsets.UTF_8)
                + "&start=" + (now - 3 * 3_600_000_000_000L) + "&end=" + now;
        JsonNode expected = JSON.readTree("""
                {"status":"success","data":{"resultType":"streams","encodingFlags":["categorize-labels"],"result":[
                  {"stream":{"app":"grafana","service_name":"grafana"},
                   "values":[["%d","new line",{}],["%d","old line",{}]]}]}}
                """.formatted(now - 1000, old));
        assertEquals(
                expected,
                QueryFixture.withoutStats(skald.get(path, "X-Loki-Response-Encoding-Flags", "categorize-labels")),
                "computed");
        assertEquals(
                expected,
                QueryFixture.withoutStats(skald.get(path, "X-Loki-Response-Encoding-Flags", "categorize-labels")),
                "cached parts");
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"streams","result":[
                  {"stream":{"app":"grafana","service_name":"grafana"},
                   "values":[["%d","new line"],["%d","old line"]]}]}}
                """.formatted(now - 1000, old)),
                QueryFixture.withoutStats(skald.get(path)),
                "without the flag: two elements");
    }

    /**
     * Structured metadata and parsed labels through the frontend's split parts, their merge and the
     * results cache, in both encodings; the same documents whether a part was computed or cached.
     */
    @Test
    void categorizedMetadataAndParsedThroughSplitsAndCache() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        long old = now - 2 * 3_600_000_000_000L;
        String body = "{\"streams\":[{\"stream\":{\"app\":\"explore\"},\"values\":["
                + "[\"" + old + "\",\"level=warn msg=old\",{\"trace_id\":\"t-old\"}],"
                + "[\"" + (now - 1000) + "\",\"level=info msg=new\"]]}]}";
        assertEquals(
                204,
                Pushes.post(skald, "application/json", body.getBytes(StandardCharsets.UTF_8))
                        .statusCode());
        String path = "/loki/api/v1/query_range?query="
                + URLEncoder.encode("{app=\"explore\"} | logfmt | drop msg", StandardCharsets.UTF_8) + "&start="
                + (now - 3 * 3_600_000_000_000L) + "&end=" + now;
        JsonNode categorized = JSON.readTree("""
                {"status":"success","data":{"resultType":"streams","encodingFlags":["categorize-labels"],"result":[
                  {"stream":{"app":"explore","service_name":"explore"},"values":[
                    ["%d","level=info msg=new",{"parsed":{"level":"info"}}],
                    ["%d","level=warn msg=old",{"structuredMetadata":{"trace_id":"t-old"},"parsed":{"level":"warn"}}]]}]}}
                """.formatted(now - 1000, old));
        JsonNode plain = JSON.readTree("""
                {"status":"success","data":{"resultType":"streams","result":[
                  {"stream":{"app":"explore","level":"info","service_name":"explore"},"values":[["%d","level=info msg=new"]]},
                  {"stream":{"app":"explore","level":"warn","service_name":"explore","trace_id":"t-old"},
                   "values":[["%d","level=warn msg=old"]]}]}}
                """.formatted(now - 1000, old));
        for (String run : List.of("computed", "cached")) {
            assertEquals(
                    categorized,
                    QueryFixture.withoutStats(skald.get(path, "X-Loki-Response-Encoding-Flags", "categorize-labels")),
                    run);
            assertEquals(plain, QueryFixture.withoutStats(skald.get(path)), run + ", without the flag");
        }
    }

    /** Logs Drilldown's label picker leaves out labels whose values are all ids, but keeps the static ones. */
    @Test
    void detectedLabelsLeaveOutIds() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        StringBuilder body = new StringBuilder("{\"streams\":[");
        for (int i = 0; i < 3; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"stream\":{\"job\":\"drill\",\"pid\":\"")
                    .append(1000 + i)
                    .append("\",\"pod\":\"")
                    .append(i)
                    .append("\",\"level\":\"")
                    .append(i % 2 == 0 ? "info" : "warn")
                    .append("\"},\"values\":[[\"")
                    .append(now - i)
                    .append("\",\"x\"]]}");
        }
        body.append("]}");
        assertEquals(
                204,
                Pushes.post(skald, "application/json", body.toString().getBytes(StandardCharsets.UTF_8))
                        .statusCode());
        assertEquals(
                JSON.readTree("""
                {"detectedLabels":[{"label":"job","cardinality":1},{"label":"level","cardinality":2},
                  {"label":"pod","cardinality":3},{"label":"service_name","cardinality":1}]}"""),
                JSON.readTree(skald.query("/loki/api/v1/detected_labels", "query", "{job=\"drill\"}")
                        .body()));
    }

    /** LogQL as Loki's parser has it, through the HTTP API: what it accepts, and its texts for what it refuses. */
    @Test
    void logqlAsLokiParsesIt() throws Exception {
        HttpResponse<String> utf8 = skald.get("/loki/api/v1/query_range?query=%7Bapp%3D%22%FF%22%7D");
        assertEquals(400, utf8.statusCode());
        assertEquals(
                "parse error at line 1, col 6: invalid UTF-8 encoding",
                utf8.body().trim()); // Go's scanner: the string token's start
        assertEquals(
                200,
                skald.query("/loki/api/v1/query", "query", "count_over_time(({app=\"x\"} |= \"a\" != \"b\")[5m])")
                        .statusCode(),
                "a parenthesised pipeline inside a range function");
        HttpResponse<String> literal = skald.query("/loki/api/v1/query", "query", "rate({app=\"x\"}[1m]) or 1");
        assertEquals(400, literal.statusCode());
        assertEquals(
                "parse error : unexpected literal for right leg of logical/set binary operation (or): 1.000000",
                literal.body().trim());
        HttpResponse<String> regex = skald.query("/loki/api/v1/query_range", "query", "{app=\"x\"} |~ \"(\"");
        assertEquals(400, regex.statusCode(), "a line filter's regex is compiled when it runs, and refused then");
        assertTrue(regex.body().startsWith("error parsing regexp"), regex.body());
    }
}
