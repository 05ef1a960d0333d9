// SPDX-License-Identifier: Apache-2.0
package io.skald.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.skald.core.model.Labels;
import io.skald.core.query.IndexShapes.DetectedField;
import io.skald.core.query.IndexShapes.DetectedLabel;
import io.skald.core.query.IndexShapes.DroppedEntry;
import io.skald.core.query.IndexShapes.IndexStats;
import io.skald.core.query.QueryResult;
import io.skald.core.query.QueryResult.LogEntry;
import io.skald.core.query.QueryResult.Point;
import io.skald.core.query.QueryResult.Stream;
import io.skald.core.query.QueryStats;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes Loki's HTTP API responses, the one place that knows their JSON. Query results come in
 * two encodings: plain, where structured metadata and parsed labels join the stream labels (so
 * entries that differ in them land in different streams), and Loki 3's {@code categorize-labels},
 * where each stream keeps its own labels and every entry is {@code ["<ns>","<line>",{…}]}, the
 * object holding {@code structuredMetadata} and {@code parsed} where there are any and empty
 * otherwise (Grafana counts on three elements whenever the flag is echoed). {@link LokiJsonReader}
 * reads query results back.
 */
public final class LokiJson {
    /** Loki 3's {@code X-Loki-Response-Encoding-Flags} value that keeps labels in their categories. */
    public static final String CATEGORIZE_LABELS = "categorize-labels";

    static final JsonFactory FACTORY = new JsonFactory();

    private LokiJson() {}

    /** A body written to a generator. */
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** {@code {"status":"success","data":<data>}}. */
    private static String success(Body data) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeFieldName("data");
            data.write(g);
            g.writeEndObject();
        });
    }

    /**
     * A query's answer: {@code {"status":"success","data":{"resultType":…,"result":…,"stats":{…}}}};
     * a streams result with {@code categorize} echoes the flag as {@code encodingFlags}.
     */
    public static String queryResponse(QueryResult result, QueryStats stats, boolean categorize) {
        return success(g -> {
            g.writeStartObject();
            g.writeStringField("resultType", result.resultType());
            boolean echo = categorize && result instanceof QueryResult.Streams;
            if (echo) {
                writeFlags(g);
            }
            g.writeFieldName("result");
            writeResult(g, result, echo);
            writeStats(g, stats);
            g.writeEndObject();
        });
    }

    /** Loki's live tail message: {@code {"streams":[…]}} with {@code dropped_entries} when some were. */
    public static String tailMessage(List<Stream> streams, List<DroppedEntry> dropped, boolean categorize) {
        return write(g -> {
            g.writeStartObject();
            g.writeFieldName("streams");
            writeStreams(g, streams, categorize);
            if (!dropped.isEmpty()) {
                g.writeArrayFieldStart("dropped_entries");
                for (DroppedEntry d : dropped) {
                    g.writeStartObject();
                    g.writeFieldName("labels");
                    writeLabels(g, d.labels());
                    g.writeStringField("timestamp", Long.toString(d.timestampNanos()));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (categorize) {
                writeFlags(g);
            }
            g.writeEndObject();
        });
    }

    /** {@code labels}, {@code label/{name}/values}: {@code {"status":"success","data":["a","b"]}}. */
    public static String strings(List<String> values) {
        return success(g -> {
            g.writeStartArray();
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        });
    }

    /** {@code format_query}: {@code {"status":"success","data":"<query>"}}. */
    public static String string(String value) {
        return success(g -> g.writeString(value));
    }

    /** {@code series}: {@code {"status":"success","data":[{…labels…},…]}}. */
    public static String series(List<Labels> series) {
        return success(g -> {
            g.writeStartArray();
            for (Labels l : series) {
                writeLabels(g, l);
            }
            g.writeEndArray();
        });
    }

    /** {@code index/stats}, without Loki's usual envelope, as Loki answers it. */
    public static String indexStats(IndexStats s) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("streams", s.streams());
            g.writeNumberField("chunks", s.chunks());
            g.writeNumberField("entries", s.entries());
            g.writeNumberField("bytes", s.bytes());
            g.writeEndObject();
        });
    }

    /** {@code detected_labels}: {@code {"detectedLabels":[{"label":…,"cardinality":…}]}}. */
    public static String detectedLabels(List<DetectedLabel> labels) {
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("detectedLabels");
            for (DetectedLabel l : labels) {
                g.writeStartObject();
                g.writeStringField("label", l.label());
                g.writeNumberField("cardinality", l.cardinality());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** {@code detected_fields}: the fields, {@code parsers} null for structured metadata, and the limit. */
    public static String detectedFields(List<DetectedField> fields, int limit) {
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("fields");
            for (DetectedField f : fields) {
                g.writeStartObject();
                g.writeStringField("label", f.label());
                g.writeStringField("type", f.type());
                g.writeNumberField("cardinality", f.cardinality());
                if (f.parsers().isEmpty()) {
                    g.writeNullField("parsers");
                } else {
                    g.writeArrayFieldStart("parsers");
                    for (String p : f.parsers()) {
                        g.writeString(p);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("limit", limit);
            g.writeEndObject();
        });
    }

    /** {@code detected_field/{name}/values}: {@code {"values":[…]}}. */
    public static String detectedFieldValues(List<String> values) {
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("values");
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    // ---- results ----------------------------------------------------------------------------------

    private static void writeFlags(JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("encodingFlags");
        g.writeString(CATEGORIZE_LABELS);
        g.writeEndArray();
    }

    private static void writeResult(JsonGenerator g, QueryResult result, boolean categorize) throws IOException {
        if (result instanceof QueryResult.Streams s) {
            writeStreams(g, s.streams(), categorize);
        } else if (result instanceof QueryResult.Matrix m) {
            g.writeStartArray();
            for (QueryResult.Series s : m.series()) {
                g.writeStartObject();
                g.writeFieldName("metric");
                writeLabels(g, s.metric());
                g.writeArrayFieldStart("values");
                for (Point p : s.points()) {
                    writePoint(g, p);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        } else if (result instanceof QueryResult.Vector v) {
            g.writeStartArray();
            for (QueryResult.Sample s : v.samples()) {
                g.writeStartObject();
                g.writeFieldName("metric");
                writeLabels(g, s.metric());
                g.writeFieldName("value");
                writePoint(g, s.point());
                g.writeEndObject();
            }
            g.writeEndArray();
        } else {
            writePoint(g, ((QueryResult.Scalar) result).point());
        }
    }

    /** The streams array in either encoding, streams ordered by their label text as Loki's engine sorts them. */
    static void writeStreams(JsonGenerator g, List<Stream> streams, boolean categorize) throws IOException {
        List<Stream> ordered = categorize ? new ArrayList<>(streams) : plain(streams);
        ordered.sort(Comparator.comparing(s -> s.labels().toString()));
        g.writeStartArray();
        for (Stream s : ordered) {
            g.writeStartObject();
            g.writeFieldName("stream");
            writeLabels(g, s.labels());
            g.writeArrayFieldStart("values");
            for (LogEntry e : s.entries()) {
                g.writeStartArray();
                g.writeString(Long.toString(e.timestampNanos()));
                g.writeString(e.line());
                if (categorize) {
                    g.writeStartObject();
                    writeCategory(g, "structuredMetadata", e.metadata());
                    writeCategory(g, "parsed", e.parsed());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Streams as Loki writes them without the flag: stream, metadata and parsed labels as one set, entries in order. */
    private static List<Stream> plain(List<Stream> streams) {
        Map<Labels, List<LogEntry>> split = new LinkedHashMap<>();
        for (Stream s : streams) {
            for (LogEntry e : s.entries()) {
                split.computeIfAbsent(merged(s.labels(), e), k -> new ArrayList<>())
                        .add(e);
            }
        }
        List<Stream> out = new ArrayList<>(split.size());
        split.forEach((labels, entries) -> out.add(new Stream(labels, entries)));
        return out;
    }

    private static Labels merged(Labels stream, LogEntry e) {
        if (e.metadata().isEmpty() && e.parsed().isEmpty()) {
            return stream;
        }
        Map<String, String> all = new TreeMap<>();
        stream.asList().forEach(l -> all.put(l.name(), l.value()));
        e.metadata().forEach(l -> all.putIfAbsent(l.name(), l.value()));
        e.parsed().forEach(l -> all.putIfAbsent(l.name(), l.value()));
        return Labels.of(all);
    }

    private static void writeCategory(JsonGenerator g, String field, List<Labels.Label> labels) throws IOException {
        if (labels.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart(field);
        for (Labels.Label l : labels) {
            g.writeStringField(l.name(), l.value());
        }
        g.writeEndObject();
    }

    static void writeLabels(JsonGenerator g, Labels labels) throws IOException {
        g.writeStartObject();
        for (Labels.Label l : labels.asList()) {
            g.writeStringField(l.name(), l.value());
        }
        g.writeEndObject();
    }

    /** {@code [<unix seconds>, "<value>"]}, the value printed as Prometheus prints it (no trailing ".0"). */
    private static void writePoint(JsonGenerator g, Point point) throws IOException {
        g.writeStartArray();
        g.writeNumber(BigDecimal.valueOf(point.timeNanos())
                .movePointLeft(9)
                .stripTrailingZeros()
                .toPlainString());
        g.writeString(formatValue(point.value()));
        g.writeEndArray();
    }

    /** A sample value as Prometheus writes it: {@code NaN}, {@code +Inf}, {@code -Inf}, or the shortest decimal. */
    public static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Loki's stats object: the summary is measured; the per-component sections carry what Skald counts. */
    private static void writeStats(JsonGenerator g, QueryStats s) throws IOException {
        double seconds = s.execTimeSeconds();
        g.writeObjectFieldStart("stats");
        g.writeObjectFieldStart("summary");
        g.writeNumberField("bytesProcessedPerSecond", seconds > 0 ? (long) (s.bytesProcessed() / seconds) : 0);
        g.writeNumberField("linesProcessedPerSecond", seconds > 0 ? (long) (s.linesProcessed() / seconds) : 0);
        g.writeNumberField("totalBytesProcessed", s.bytesProcessed());
        g.writeNumberField("totalLinesProcessed", s.linesProcessed());
        g.writeNumberField("execTime", seconds);
        g.writeNumberField("queueTime", 0);
        g.writeNumberField("subqueries", 0);
        g.writeNumberField("totalEntriesReturned", s.entriesReturned());
        g.writeNumberField("splits", s.splits());
        g.writeNumberField("shards", s.shards());
        g.writeNumberField("totalPostFilterLines", s.postFilterLines());
        g.writeNumberField("totalStructuredMetadataBytesProcessed", 0);
        g.writeEndObject();
        g.writeObjectFieldStart("querier");
        g.writeObjectFieldStart("store");
        g.writeNumberField("totalChunksRef", s.chunksRef());
        g.writeNumberField("totalChunksDownloaded", s.chunksDownloaded());
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }
}
