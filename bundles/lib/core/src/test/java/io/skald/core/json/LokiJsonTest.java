// SPDX-License-Identifier: Apache-2.0
package io.skald.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skald.core.model.Labels;
import io.skald.core.query.QueryResult;
import io.skald.core.query.QueryResult.LogEntry;
import io.skald.core.query.QueryResult.Point;
import io.skald.core.query.QueryResult.Stream;
import io.skald.core.query.QueryStats;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream.Builder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Loki's response documents, whole, in both stream encodings; and read back. */
class LokiJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Labels API = Labels.of(Map.of("app", "api"));
    private static final Labels.Label TRACE = new Labels.Label("trace", "x");
    private static final Labels.Label LEVEL = new Labels.Label("level", "warn");

    static java.util.stream.Stream<Arguments> streams() {
        Builder<Arguments> cases = java.util.stream.Stream.builder();
        cases.add(Arguments.of(
                "plain lines",
                List.of(new Stream(API, List.of(new LogEntry(2, "b"), new LogEntry(1, "a")))),
                """
                [{"stream":{"app":"api"},"values":[["2","b"],["1","a"]]}]""",
                """
                [{"stream":{"app":"api"},"values":[["2","b",{}],["1","a",{}]]}]"""));
        // ordered by label text, as Loki sorts: '{app="api", …' comes before '{app="api"}'
        cases.add(Arguments.of(
                "structured metadata",
                List.of(new Stream(
                        API, List.of(new LogEntry(2, "b", List.of(TRACE), List.of()), new LogEntry(1, "a")))),
                """
                [{"stream":{"app":"api","trace":"x"},"values":[["2","b"]]},{"stream":{"app":"api"},"values":[["1","a"]]}]""",
                """
                [{"stream":{"app":"api"},"values":[["2","b",{"structuredMetadata":{"trace":"x"}}],["1","a",{}]]}]"""));
        cases.add(Arguments.of(
                "parsed labels and metadata",
                List.of(new Stream(
                        API,
                        List.of(
                                new LogEntry(3, "level=warn", List.of(TRACE), List.of(LEVEL)),
                                new LogEntry(1, "plain")))),
                """
                [{"stream":{"app":"api","level":"warn","trace":"x"},"values":[["3","level=warn"]]},
                 {"stream":{"app":"api"},"values":[["1","plain"]]}]""",
                """
                [{"stream":{"app":"api"},"values":[
                  ["3","level=warn",{"structuredMetadata":{"trace":"x"},"parsed":{"level":"warn"}}],["1","plain",{}]]}]"""));
        cases.add(Arguments.of("no streams", List.of(), "[]", "[]"));
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void streamsInBothEncodings(String name, List<Stream> streams, String plain, String categorized) throws Exception {
        QueryResult.Streams result = new QueryResult.Streams(streams);
        String plainDoc = LokiJson.queryResponse(result, QueryStats.EMPTY, false);
        String categorizedDoc = LokiJson.queryResponse(result, QueryStats.EMPTY, true);
        assertEquals(JSON.readTree(plain), JSON.readTree(plainDoc).at("/data/result"));
        assertEquals(JSON.readTree(categorized), JSON.readTree(categorizedDoc).at("/data/result"));
        assertEquals(
                "[\"categorize-labels\"]",
                JSON.readTree(categorizedDoc).at("/data/encodingFlags").toString());
        assertEquals(true, JSON.readTree(plainDoc).at("/data/encodingFlags").isMissingNode());
        assertEquals(
                result, LokiJsonReader.queryResponse(categorizedDoc).result(), "the categorized form reads back whole");
        assertEquals(JSON.readTree(tail(plain, false)), JSON.readTree(LokiJson.tailMessage(streams, List.of(), false)));
        assertEquals(
                JSON.readTree(tail(categorized, true)), JSON.readTree(LokiJson.tailMessage(streams, List.of(), true)));
    }

    private static String tail(String streams, boolean categorize) {
        return "{\"streams\":" + streams + (categorize ? ",\"encodingFlags\":[\"categorize-labels\"]" : "") + "}";
    }

    @Test
    void metricResultsAndStats() throws Exception {
        QueryStats stats = new QueryStats(0.5, 1000, 10, 2, 2, 3, 1, 0, 0);
        QueryResult.Matrix matrix = new QueryResult.Matrix(List.of(
                new QueryResult.Series(API, List.of(new Point(1_500_000_000L, 1), new Point(2_000_000_000L, 0.25)))));
        String doc = LokiJson.queryResponse(matrix, stats, true);
        assertEquals(JSON.readTree("""
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"app":"api"},"values":[[1.5,"1"],[2,"0.25"]]}],
                 "stats":{"summary":{"bytesProcessedPerSecond":2000,"linesProcessedPerSecond":20,"totalBytesProcessed":1000,
                   "totalLinesProcessed":10,"execTime":0.5,"queueTime":0,"subqueries":0,"totalEntriesReturned":2,"splits":0,
                   "shards":0,"totalPostFilterLines":2,"totalStructuredMetadataBytesProcessed":0},
                  "querier":{"store":{"totalChunksRef":3,"totalChunksDownloaded":1}}}}}"""), JSON.readTree(doc), "no encodingFlags on a metric result");
        LokiJsonReader.Response back = LokiJsonReader.queryResponse(doc);
        assertEquals(matrix, back.result());
        assertEquals(stats, back.stats());
        QueryResult.Vector vector = new QueryResult.Vector(
                List.of(new QueryResult.Sample(API, new Point(3_000_000_000L, Double.POSITIVE_INFINITY))));
        assertEquals(
                vector,
                LokiJsonReader.queryResponse(LokiJson.queryResponse(vector, stats, false))
                        .result());
        QueryResult.Scalar scalar = new QueryResult.Scalar(new Point(1_000_000_001L, Double.NaN));
        String scalarDoc = LokiJson.queryResponse(scalar, QueryStats.EMPTY, false);
        assertEquals(
                "[1.000000001,\"NaN\"]",
                JSON.readTree(scalarDoc).at("/data/result").toString());
        assertEquals(scalar, LokiJsonReader.queryResponse(scalarDoc).result());
    }

    @Test
    void valuesAsPrometheusPrintsThem() {
        assertEquals("1", LokiJson.formatValue(1.0));
        assertEquals("0.1", LokiJson.formatValue(0.1));
        assertEquals("-Inf", LokiJson.formatValue(Double.NEGATIVE_INFINITY));
        assertEquals("1000000", LokiJson.formatValue(1e6));
    }
}
