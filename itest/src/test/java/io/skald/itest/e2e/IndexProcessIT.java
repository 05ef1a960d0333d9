// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Loki's index and discovery endpoints on known data: detected labels and fields, volumes, format_query. */
class IndexProcessIT extends QueryFixture {
    @Test
    void detectedLabelsAndFields() throws Exception {
        String start = Long.toString(t0 - 1), end = Long.toString(t0 + 10_000);
        assertEquals(
                JSON.readTree("""
                {"detectedLabels":[{"label":"app","cardinality":2},{"label":"env","cardinality":2},
                  {"label":"service_name","cardinality":2}]}"""),
                JSON.readTree(skald.query(
                                "/loki/api/v1/detected_labels",
                                "query",
                                "{app=~\"api|web\"}",
                                "start",
                                start,
                                "end",
                                end)
                        .body()));
        assertEquals(
                JSON.readTree("""
                {"fields":[{"label":"level","type":"string","cardinality":2,"parsers":["logfmt"]},
                  {"label":"msg","type":"string","cardinality":3,"parsers":["logfmt"]}],"limit":1000}"""),
                JSON.readTree(skald.query(
                                "/loki/api/v1/detected_fields", "query", "{app=\"api\"}", "start", start, "end", end)
                        .body()));
        assertEquals(
                JSON.readTree("""
                {"fields":[{"label":"level","type":"string","cardinality":1,"parsers":["logfmt"]},
                  {"label":"msg","type":"string","cardinality":1,"parsers":["logfmt"]},
                  {"label":"trace_id","type":"string","cardinality":1,"parsers":null}],"limit":1000}"""),
                JSON.readTree(skald.query(
                                "/loki/api/v1/detected_fields", "query", "{app=\"meta\"}", "start", start, "end", end)
                        .body()),
                "structured metadata is a field no parser found");
        assertEquals(
                JSON.readTree("{\"values\":[\"info\",\"error\"]}"),
                JSON.readTree(skald.query(
                                "/loki/api/v1/detected_field/level/values",
                                "query",
                                "{app=\"api\"}",
                                "start",
                                start,
                                "end",
                                end)
                        .body()));
    }

    @Test
    void volumesCountBytesPerSeries() throws Exception {
        assertEquals(204, skald.post("/flush").statusCode()); // volumes read the index, as Loki's do
        String start = Long.toString(t0 - 1), end = Long.toString(t0 + 10_000);
        String endSeconds = new BigDecimal(t0 + 10_000)
                .movePointLeft(9)
                .stripTrailingZeros()
                .toPlainString();
        long api = indexBytes();
        long web = Stored.refs(skald.dir.resolve("data"), "fake").stream()
                .filter(r -> r.labels().toString().contains("app=\"web\""))
                .mapToLong(r -> r.uncompressedSize())
                .sum();
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"app":"api"},"value":[%s,"%d"]},{"metric":{"app":"web"},"value":[%s,"%d"]}]}}
                """.formatted(endSeconds, api, endSeconds, web)),
                withoutStats(skald.query(
                        "/loki/api/v1/index/volume", "query", "{app=~\"api|web\"}", "start", start, "end", end)));
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"env":"prod"},"value":[%s,"%d"]}]}}
                """.formatted(endSeconds, api)),
                withoutStats(skald.query(
                        "/loki/api/v1/index/volume",
                        "query",
                        "{app=~\"api|web\"}",
                        "start",
                        start,
                        "end",
                        end,
                        "targetLabels",
                        "env",
                        "limit",
                        "1")));
        String startSeconds =
                new BigDecimal(t0 - 1).movePointLeft(9).stripTrailingZeros().toPlainString();
        assertEquals(
                JSON.readTree("""
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"app":"api"},"values":[[%s,"%d"]]}]}}
                """.formatted(startSeconds, api)),
                withoutStats(skald.query(
                        "/loki/api/v1/index/volume_range",
                        "query",
                        "{app=\"api\"}",
                        "start",
                        start,
                        "end",
                        end,
                        "step",
                        "1")),
                "a range shorter than the step: one bucket, at its start");
        assertEquals(
                400,
                skald.query("/loki/api/v1/index/volume", "query", "{app=\"api\"} |= \"x\"")
                        .statusCode());
        // Logs Drilldown asks for limit=5000: the number of series, not an entries limit
        assertEquals(
                withoutStats(skald.query(
                        "/loki/api/v1/index/volume", "query", "{app=~\"api|web\"}", "start", start, "end", end)),
                withoutStats(skald.query(
                        "/loki/api/v1/index/volume",
                        "query",
                        "{app=~\"api|web\"}",
                        "start",
                        start,
                        "end",
                        end,
                        "limit",
                        "5000")));
        assertEquals(
                200,
                skald.query(
                                "/loki/api/v1/index/volume_range",
                                "query",
                                "{app=\"api\"}",
                                "start",
                                start,
                                "end",
                                end,
                                "step",
                                "1",
                                "limit",
                                "5000")
                        .statusCode());
        HttpResponse<String> negative =
                skald.query("/loki/api/v1/index/volume", "query", "{app=\"api\"}", "limit", "-1");
        assertEquals(400, negative.statusCode());
        assertEquals("limit must be a positive value", negative.body().trim());
    }

    @Test
    void formatQueryPrettyPrints() throws Exception {
        assertEquals(
                JSON.readTree("{\"status\":\"success\",\"data\":\"{app=\\\"x\\\"} |= \\\"a\\\"\"}"),
                withoutStats(skald.query("/loki/api/v1/format_query", "query", "{ app = \"x\" }|=\"a\"")));
    }
}
