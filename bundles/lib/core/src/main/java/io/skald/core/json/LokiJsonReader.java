// SPDX-License-Identifier: Apache-2.0
package io.skald.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skald.core.model.Labels;
import io.skald.core.query.QueryResult;
import io.skald.core.query.QueryResult.LogEntry;
import io.skald.core.query.QueryResult.Point;
import io.skald.core.query.QueryStats;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a query response {@link LokiJson} wrote (or Loki did) back into typed values: for a
 * results cache, a remote querier, or a test. Streams written with the categorize-labels flag come
 * back whole; plain ones come back with every label as a stream label, which is all they say.
 */
public final class LokiJsonReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A query response: the result and its statistics. */
    public record Response(QueryResult result, QueryStats stats) {}

    private LokiJsonReader() {}

    /** Reads {@code {"status":"success","data":{"resultType":…,"result":…,"stats":…}}}. */
    public static Response queryResponse(String json) throws IOException {
        JsonNode data = JSON.readTree(json).path("data");
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        QueryResult typed = switch (type) {
            case "streams" -> streams(result);
            case "matrix" -> {
                List<QueryResult.Series> series = new ArrayList<>();
                for (JsonNode s : result) {
                    List<Point> points = new ArrayList<>();
                    s.path("values").forEach(v -> points.add(point(v)));
                    series.add(new QueryResult.Series(labels(s.path("metric")), points));
                }
                yield new QueryResult.Matrix(series);
            }
            case "vector" -> {
                List<QueryResult.Sample> samples = new ArrayList<>();
                result.forEach(
                        s -> samples.add(new QueryResult.Sample(labels(s.path("metric")), point(s.path("value")))));
                yield new QueryResult.Vector(samples);
            }
            case "scalar" -> new QueryResult.Scalar(point(result));
            default ->
                throw new IOException("not a Loki query response: resultType " + (type.isEmpty() ? "missing" : type));
        };
        return new Response(typed, stats(data.path("stats")));
    }

    private static QueryResult.Streams streams(JsonNode result) {
        List<QueryResult.Stream> streams = new ArrayList<>();
        for (JsonNode s : result) {
            List<LogEntry> entries = new ArrayList<>();
            for (JsonNode v : s.path("values")) {
                JsonNode categories = v.path(2);
                entries.add(new LogEntry(
                        Long.parseLong(v.path(0).asText()),
                        v.path(1).asText(),
                        labels(categories.path("structuredMetadata")).asList(),
                        labels(categories.path("parsed")).asList()));
            }
            streams.add(new QueryResult.Stream(labels(s.path("stream")), entries));
        }
        return new QueryResult.Streams(streams);
    }

    private static Labels labels(JsonNode object) {
        Map<String, String> labels = new TreeMap<>();
        object.fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return Labels.of(labels);
    }

    private static Point point(JsonNode pair) {
        long time = new BigDecimal(pair.path(0).asText()).movePointRight(9).longValueExact();
        String v = pair.path(1).asText();
        double value = switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
        return new Point(time, value);
    }

    private static QueryStats stats(JsonNode stats) {
        JsonNode summary = stats.path("summary");
        JsonNode store = stats.path("querier").path("store");
        return new QueryStats(
                summary.path("execTime").asDouble(),
                summary.path("totalBytesProcessed").asLong(),
                summary.path("totalLinesProcessed").asLong(),
                summary.path("totalEntriesReturned").asLong(),
                summary.path("totalPostFilterLines").asLong(),
                store.path("totalChunksRef").asLong(),
                store.path("totalChunksDownloaded").asLong(),
                summary.path("splits").asInt(),
                summary.path("shards").asInt());
    }
}
