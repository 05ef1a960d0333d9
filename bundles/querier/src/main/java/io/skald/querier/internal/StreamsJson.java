// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.skald.spi.log.Labels;
import io.skald.store.api.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a log result's {@code result} (or a tail message's {@code streams}) array, the one place
 * that knows Loki 3's two encodings.
 *
 * <p>Plain: structured metadata joins the stream labels, so entries with different metadata land in
 * different result streams; each entry is {@code ["<ns>","<line>"]}. With the
 * {@code categorize-labels} flag: streams keep the labels they were pushed with, and every entry is
 * {@code ["<ns>","<line>",{…}]}, the object holding {@code structuredMetadata} and {@code parsed}
 * where there are any and empty otherwise — Grafana's reader counts on three elements whenever the
 * flag is echoed. Either way result streams are ordered by their label text, as Loki's engine sorts them.
 */
final class StreamsJson {
    private StreamsJson() {
    }

    /** Writes the array of streams for {@code streams} (result labels, origin labels, entries). */
    static void write(JsonGenerator g, List<Querier.Stream> streams, boolean categorize) throws IOException {
        if (categorize) {
            writeCategorized(g, streams);
        } else {
            writePlain(g, streams);
        }
    }

    private static void writePlain(JsonGenerator g, List<Querier.Stream> streams) throws IOException {
        Map<Labels, List<Entry>> split = new LinkedHashMap<>();
        for (Querier.Stream s : streams) {
            for (Entry e : s.entries()) {
                split.computeIfAbsent(withMetadata(s.labels(), e), k -> new ArrayList<>()).add(e);
            }
        }
        List<Map.Entry<Labels, List<Entry>>> ordered = new ArrayList<>(split.entrySet());
        ordered.sort(Comparator.comparing(e -> e.getKey().toString()));
        g.writeStartArray();
        for (Map.Entry<Labels, List<Entry>> s : ordered) {
            g.writeStartObject();
            g.writeFieldName("stream");
            writeLabels(g, s.getKey());
            g.writeArrayFieldStart("values");
            for (Entry e : s.getValue()) {
                g.writeStartArray();
                g.writeString(Long.toString(e.timestampNanos()));
                g.writeString(new String(e.line(), StandardCharsets.UTF_8));
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static Labels withMetadata(Labels labels, Entry e) {
        if (e.metadata().isEmpty()) {
            return labels;
        }
        Map<String, String> merged = new TreeMap<>();
        labels.asList().forEach(l -> merged.put(l.name(), l.value()));
        e.metadata().forEach(l -> merged.putIfAbsent(l.name(), l.value()));
        return Labels.of(merged);
    }

    private record Item(Entry entry, Map<String, String> metadata, Map<String, String> parsed) {
    }

    private static void writeCategorized(JsonGenerator g, List<Querier.Stream> streams) throws IOException {
        Map<Labels, List<Item>> byOrigin = new LinkedHashMap<>();
        for (Querier.Stream s : streams) {
            for (Entry e : s.entries()) {
                Map<String, String> metadata = new TreeMap<>();
                e.metadata().forEach(l -> metadata.put(l.name(), l.value()));
                Map<String, String> parsed = new TreeMap<>();
                for (Labels.Label l : s.labels().asList()) {
                    if (!l.value().equals(s.origin().get(l.name())) && !l.value().equals(metadata.get(l.name()))) {
                        parsed.put(l.name(), l.value());
                    }
                }
                byOrigin.computeIfAbsent(s.origin(), k -> new ArrayList<>()).add(new Item(e, metadata, parsed));
            }
        }
        List<Map.Entry<Labels, List<Item>>> ordered = new ArrayList<>(byOrigin.entrySet());
        ordered.sort(Comparator.comparing(e -> e.getKey().toString()));
        g.writeStartArray();
        for (Map.Entry<Labels, List<Item>> s : ordered) {
            g.writeStartObject();
            g.writeFieldName("stream");
            writeLabels(g, s.getKey());
            g.writeArrayFieldStart("values");
            for (Item item : s.getValue()) {
                g.writeStartArray();
                g.writeString(Long.toString(item.entry().timestampNanos()));
                g.writeString(new String(item.entry().line(), StandardCharsets.UTF_8));
                g.writeStartObject();
                writeMap(g, "structuredMetadata", item.metadata());
                writeMap(g, "parsed", item.parsed());
                g.writeEndObject();
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeMap(JsonGenerator g, String field, Map<String, String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> m : values.entrySet()) {
            g.writeStringField(m.getKey(), m.getValue());
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
}
