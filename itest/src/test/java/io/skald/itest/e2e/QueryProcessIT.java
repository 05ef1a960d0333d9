// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Loki's query API against known data: the same JSON documents whether the data is still in the
 * ingester or already flushed to the store, and Loki's 400s for bad queries.
 */
class QueryProcessIT extends QueryFixture {

    private void assertQueriesAnswerExactly() throws Exception {
        String start = Long.toString(t0 - 1), end = Long.toString(t0 + 10_000);
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"streams","result":[
                  {"stream":{"app":"api","env":"prod","service_name":"api"},"values":[
                    ["%d","level=info msg=done"],["%d","level=error msg=boom"],["%d","level=info msg=start"]]}]}}
                """.formatted(t0 + 2000, t0 + 1000, t0)),
                withoutStats(
                        skald.query("/loki/api/v1/query_range", "query", "{app=\"api\"}", "start", start, "end", end)));
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"streams","result":[
                  {"stream":{"app":"api","env":"prod","service_name":"api"},"values":[["%d","level=error msg=boom"]]},
                  {"stream":{"app":"web","env":"dev","service_name":"web"},"values":[["%d","GET / 500 error"]]}]}}
                """.formatted(t0 + 1000, t0 + 1500)),
                withoutStats(skald.query(
                        "/loki/api/v1/query_range",
                        "query",
                        "{env=~\"prod|dev\"} |= \"error\"",
                        "start",
                        start,
                        "end",
                        end,
                        "direction",
                        "forward")));
        JsonNode limited = withoutStats(skald.query(
                "/loki/api/v1/query_range", "query", "{app=\"api\"}", "start", start, "end", end, "limit", "1"));
        assertEquals(1, limited.at("/data/result/0/values").size());
        assertEquals(
                "level=info msg=done", limited.at("/data/result/0/values/0/1").asText(), "backward: the newest first");
        assertEquals(
                JSON.readTree("{\"status\":\"success\",\"data\":[\"app\",\"env\",\"service_name\"]}"),
                withoutStats(skald.query("/loki/api/v1/labels", "start", start, "end", end)));
        assertEquals(
                JSON.readTree("{\"status\":\"success\",\"data\":[\"api\",\"meta\",\"web\"]}"),
                withoutStats(skald.query("/loki/api/v1/label/app/values", "start", start, "end", end)));
        assertEquals(
                JSON.readTree("{\"status\":\"success\",\"data\":[\"prod\"]}"),
                withoutStats(skald.query(
                        "/loki/api/v1/label/env/values", "query", "{app=\"api\"}", "start", start, "end", end)));
        assertEquals(
                JSON.readTree(
                        "{\"status\":\"success\",\"data\":[{\"app\":\"web\",\"env\":\"dev\",\"service_name\":\"web\"}]}"),
                withoutStats(
                        skald.query("/loki/api/v1/series", "match[]", "{env=\"dev\"}", "start", start, "end", end)));
    }

    @Test
    void theSameAnswersFromTheIngesterAndFromTheStore() throws Exception {
        assertQueriesAnswerExactly();
        assertEquals(204, skald.post("/flush").statusCode());
        assertQueriesAnswerExactly();
        String start = Long.toString(t0 - 1), end = Long.toString(t0 + 10_000);
        // Index stats count flushed data, as Loki's do: the api stream's 3 entries in one chunk.
        assertEquals(
                JSON.readTree("{\"streams\":1,\"chunks\":1,\"entries\":3,\"bytes\":" + indexBytes() + "}"),
                JSON.readTree(
                        skald.query("/loki/api/v1/index/stats", "query", "{app=\"api\"}", "start", start, "end", end)
                                .body()));
    }

    @Test
    void metricQueriesGiveMatricesAndVectors() throws Exception {
        long stepEnd = t0 + 10_000_000_000L;
        String at =
                new BigDecimal(stepEnd).movePointLeft(9).stripTrailingZeros().toPlainString();
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"app":"api"},"values":[[%s,"1"]]},
                  {"metric":{"app":"web"},"values":[[%s,"1"]]}]}}
                """.formatted(at, at)),
                withoutStats(skald.query(
                        "/loki/api/v1/query_range",
                        "query",
                        "sum by (app) (count_over_time({env=~\"prod|dev\"} |= \"error\" [1m]))",
                        "start",
                        Long.toString(stepEnd),
                        "end",
                        Long.toString(stepEnd),
                        "step",
                        "10")));
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{},"value":[%s,"4"]}]}}
                """.formatted(at)),
                withoutStats(skald.query(
                        "/loki/api/v1/query",
                        "query",
                        "sum(count_over_time({env=~\"prod|dev\"}[1m]))",
                        "time",
                        Long.toString(stepEnd))));
        HttpResponse<String> tooMany = skald.query(
                "/loki/api/v1/query_range",
                "query",
                "count_over_time({app=\"api\"}[1m])",
                "start",
                "0",
                "end",
                Long.toString(stepEnd),
                "step",
                "1");
        assertEquals(400, tooMany.statusCode());
        assertTrue(
                tooMany.body().startsWith("exceeded maximum resolution of 11,000 points per time series"),
                tooMany.body());
    }

    @Test
    void parsersAndLabelFiltersShapeTheResult() throws Exception {
        String start = Long.toString(t0 - 1), end = Long.toString(t0 + 10_000);
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"streams","result":[
                  {"stream":{"app":"api","env":"prod","level":"error","msg":"boom","service_name":"api"},
                   "values":[["%d","level=error msg=boom"]]}]}}
                """.formatted(t0 + 1000)),
                withoutStats(skald.query(
                        "/loki/api/v1/query_range",
                        "query",
                        "{app=\"api\"} | logfmt | level=\"error\"",
                        "start",
                        start,
                        "end",
                        end)));
        long stepEnd = t0 + 10_000_000_000L;
        String at =
                new BigDecimal(stepEnd).movePointLeft(9).stripTrailingZeros().toPlainString();
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"level":"error"},"values":[[%s,"1"]]},
                  {"metric":{"level":"info"},"values":[[%s,"2"]]}]}}
                """.formatted(at, at)),
                withoutStats(skald.query(
                        "/loki/api/v1/query_range",
                        "query",
                        "sum by (level) (count_over_time({app=\"api\"} | logfmt [1m]))",
                        "start",
                        Long.toString(stepEnd),
                        "end",
                        Long.toString(stepEnd),
                        "step",
                        "10")));
    }

    /** The uncompressed size the index records for the api stream's chunk, read from the store itself. */
    @Test
    void badQueriesGetLokis400s() throws Exception {
        record Bad(String[] params, String message) {}
        Bad[] cases = {
            new Bad(
                    new String[] {"query", "{app=\"api\""},
                    "parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,"),
            new Bad(
                    new String[] {"query", "{app=\"api\"}", "start", "2000", "end", "1000"},
                    "end timestamp must not be before or equal to start time"),
            new Bad(
                    new String[] {"query", "{app=\"api\"}", "limit", "100000"},
                    "max entries limit per query exceeded, limit > max_entries_limit_per_query (100000 > 5000)"),
            new Bad(new String[] {"query", "{app=\"api\"}", "direction", "sideways"}, "invalid direction 'sideways'"),
            new Bad(new String[] {"query", "{app=\"api\"}", "start", "yesterday"}, "could not parse 'start' parameter"),
            new Bad(new String[] {"query", "{app=~\".*\"}"}, "queries require at least one regexp or equality matcher")
        };
        for (Bad bad : cases) {
            HttpResponse<String> r = skald.query("/loki/api/v1/query_range", bad.params());
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains(bad.message()), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        }
        HttpResponse<String> instant = skald.query("/loki/api/v1/query", "query", "{app=\"api\"}");
        assertEquals(400, instant.statusCode());
        assertEquals(
                "log queries are not supported as an instant query type, please change your query to a range query type\n",
                instant.body());
        assertEquals(200, skald.get("/ready").statusCode());
    }

    @Test
    void theWholeLanguageOverHttp() throws Exception {
        String start = Long.toString(t0 - 1), end = Long.toString(t0 + 10_000);
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"streams","result":[
                  {"stream":{"app":"api","env":"prod","lvl":"ERROR","service_name":"api"},
                   "values":[["%d","boom!"]]}]}}
                """.formatted(t0 + 1000)),
                withoutStats(skald.query(
                        "/loki/api/v1/query_range",
                        "query",
                        "{app=\"api\"} | logfmt | level=\"error\" | line_format \"{{.msg}}!\" | label_format lvl=\"{{ .level | upper }}\" | drop level, msg",
                        "start",
                        start,
                        "end",
                        end)));
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"streams","result":[
                  {"stream":{"app":"web","code":"500","env":"dev","method":"GET","service_name":"web"},
                   "values":[["%d","GET / 500 error"]]}]}}
                """.formatted(t0 + 1500)),
                withoutStats(skald.query(
                        "/loki/api/v1/query_range",
                        "query",
                        "{env=\"dev\"} |> \"<_> / <_>\" | pattern \"<method> <_> <code> <_>\" | code >= 500",
                        "start",
                        start,
                        "end",
                        end)));
        long stepEnd = t0 + 10_000_000_000L;
        String at =
                new BigDecimal(stepEnd).movePointLeft(9).stripTrailingZeros().toPlainString();
        // errors over all lines per app: api 1/3, web 1/1; topk(1) keeps web
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"app":"web"},"value":[%s,"1"]}]}}
                """.formatted(at)),
                withoutStats(skald.query(
                        "/loki/api/v1/query",
                        "query",
                        "topk(1, sum by (app) (count_over_time({env=~\"prod|dev\"} |~ \"(?i)error\" [1m])) / on (app) sum by (app) (count_over_time({env=~\"prod|dev\"}[1m])))",
                        "time",
                        Long.toString(stepEnd))));
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{},"value":[%s,"6"]}]}}
                """.formatted(at)),
                withoutStats(skald.query(
                        "/loki/api/v1/query",
                        "query",
                        "max_over_time({app=\"api\"} | logfmt | label_format n=\"{{ len .msg }}\" | keep n | unwrap n [1m]) + 1",
                        "time",
                        Long.toString(stepEnd))),
                "the longest msg is start: 5 characters, plus one");
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"app":"api"},"value":[%s,"3"]}]}}
                """.formatted(at)),
                withoutStats(skald.query(
                        "/loki/api/v1/query",
                        "query",
                        "approx_topk(1, sum by (app) (count_over_time({env=~\"prod|dev\"}[1m])))",
                        "time",
                        Long.toString(stepEnd))));
        HttpResponse<String> approxRange = skald.query(
                "/loki/api/v1/query_range",
                "query",
                "approx_topk(1, sum by (app) (count_over_time({env=~\"prod|dev\"}[1m])))",
                "start",
                Long.toString(t0),
                "end",
                Long.toString(stepEnd));
        assertEquals(400, approxRange.statusCode());
        assertEquals("approx_topk is only supported for instant queries\n", approxRange.body());
        HttpResponse<String> pipelineError = skald.query(
                "/loki/api/v1/query",
                "query",
                "sum(sum_over_time({app=\"api\"} | logfmt | unwrap msg [1m]))",
                "time",
                Long.toString(stepEnd));
        assertEquals(400, pipelineError.statusCode());
        assertTrue(pipelineError.body().startsWith("pipeline error: 'SampleExtractionErr'"), pipelineError.body());
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"scalar","result":[%s,"7"]}}
                """.formatted(at)),
                withoutStats(skald.query("/loki/api/v1/query", "query", "1 + 2 * 3", "time", Long.toString(stepEnd))));
    }

    @Test
    void aFormPostAnswersAsTheGet() throws Exception {
        String form = "query="
                + URLEncoder.encode("sum by (app) (count_over_time({env=~\"prod|dev\"}[1m]))", StandardCharsets.UTF_8)
                + "&start=" + (t0 - 1) + "&end=" + (t0 + 60_000_000_000L) + "&step=30";
        HttpResponse<String> post = skald.http.send(
                HttpRequest.newBuilder(URI.create(skald.url("/loki/api/v1/query_range")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(
                withoutStats(skald.get("/loki/api/v1/query_range?" + form))
                        .get("data")
                        .get("result"),
                withoutStats(post).get("data").get("result"),
                "Grafana posts forms; the answer is the same");
    }

    @Test
    void intervalSkipsEntriesCloserThanItToTheLastOneReturned() throws Exception {
        String start = Long.toString(t0 - 1), end = Long.toString(t0 + 10_000);
        // entries at t0, t0 + 1 µs, t0 + 2 µs: with 1.5 µs, the middle one is skipped either way
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"streams","result":[
                  {"stream":{"app":"api","env":"prod","service_name":"api"},"values":[
                    ["%d","level=info msg=start"],["%d","level=info msg=done"]]}]}}
                """.formatted(t0, t0 + 2000)),
                withoutStats(skald.query(
                        "/loki/api/v1/query_range",
                        "query",
                        "{app=\"api\"}",
                        "start",
                        start,
                        "end",
                        end,
                        "direction",
                        "forward",
                        "interval",
                        "1500ns")));
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"streams","result":[
                  {"stream":{"app":"api","env":"prod","service_name":"api"},"values":[
                    ["%d","level=info msg=done"],["%d","level=info msg=start"]]}]}}
                """.formatted(t0 + 2000, t0)),
                withoutStats(skald.query(
                        "/loki/api/v1/query_range",
                        "query",
                        "{app=\"api\"}",
                        "start",
                        start,
                        "end",
                        end,
                        "interval",
                        "0.0000015")));
    }

    @Test
    void categorizedLabelsSeparateMetadataAndParsed() throws Exception {
        long t = t0 + 5000; // pushed with structured metadata at the start
        String path = "/loki/api/v1/query_range?query="
                + URLEncoder.encode("{app=\"meta\"} | logfmt | drop msg", StandardCharsets.UTF_8) + "&start=" + (t0 - 1)
                + "&end=" + (t0 + 10_000);
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"streams","encodingFlags":["categorize-labels"],"result":[
                  {"stream":{"app":"meta","service_name":"meta"},
                   "values":[["%d","level=warn msg=slow",{"structuredMetadata":{"trace_id":"abc"},"parsed":{"level":"warn"}}]]}]}}
                """.formatted(t)),
                withoutStats(skald.get(path, "X-Loki-Response-Encoding-Flags", "categorize-labels")));
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"streams","result":[
                  {"stream":{"app":"meta","level":"warn","service_name":"meta","trace_id":"abc"},
                   "values":[["%d","level=warn msg=slow"]]}]}}
                """.formatted(t)),
                withoutStats(skald.get(path)),
                "without the flag, metadata and parsed labels are stream labels");
    }
}
