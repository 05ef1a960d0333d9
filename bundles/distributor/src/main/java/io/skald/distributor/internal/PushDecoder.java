// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.InvalidProtocolBufferException;
import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.logproto.EntryAdapter;
import io.skald.logproto.LabelPairAdapter;
import io.skald.logproto.PushRequest;
import io.skald.logproto.StreamAdapter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/** Loki's two push bodies: snappy-compressed protobuf {@code PushRequest}, and the JSON form. */
final class PushDecoder {
    private static final JsonFactory JSON = new JsonFactory();

    private PushDecoder() {}

    /** Snappy block format (not framed), then protobuf, as Loki's clients send it. */
    static List<RawStream> protobuf(byte[] body, int maxSize) throws BadPushException {
        byte[] raw;
        try {
            int length = Snappy.uncompressedLength(body);
            if (length > maxSize) {
                throw new BadPushException(413, "message size too large than max (" + length + " vs " + maxSize + ")");
            }
            raw = Snappy.uncompress(body);
        } catch (IOException | RuntimeException e) {
            throw new BadPushException(400, "snappy: corrupt input");
        }
        PushRequest request;
        try {
            request = PushRequest.parseFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            throw new BadPushException(400, "proto: cannot parse the push request: " + e.getMessage());
        }
        return fromProto(request);
    }

    static List<RawStream> fromProto(PushRequest request) {
        List<RawStream> streams = new ArrayList<>(request.getStreamsCount());
        for (StreamAdapter s : request.getStreamsList()) {
            List<Entry> entries = new ArrayList<>(s.getEntriesCount());
            for (EntryAdapter e : s.getEntriesList()) {
                long ts = e.getTimestamp().getSeconds() * 1_000_000_000L
                        + e.getTimestamp().getNanos();
                List<Labels.Label> metadata = e.getStructuredMetadataCount() == 0 ? List.of() : new ArrayList<>();
                for (LabelPairAdapter p : e.getStructuredMetadataList()) {
                    metadata.add(new Labels.Label(p.getName(), p.getValue()));
                }
                entries.add(new Entry(ts, e.getLine().toByteArray(), metadata));
            }
            streams.add(new RawStream(s.getLabels(), entries));
        }
        return streams;
    }

    /** {@code {"streams":[{"stream":{…},"values":[["<ns>","<line>",{…}?],…]}]}}. */
    static List<RawStream> json(byte[] body) throws BadPushException {
        try (JsonParser p = JSON.createParser(body)) {
            List<RawStream> streams = new ArrayList<>();
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "the push request must be a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!field.equals("streams")) {
                    p.skipChildren();
                    continue;
                }
                expect(p, t, JsonToken.START_ARRAY, "\"streams\" must be an array");
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    streams.add(stream(p, streams.size()));
                }
            }
            return streams;
        } catch (JsonProcessingException e) {
            throw new BadPushException(
                    400,
                    "error parsing push request: " + e.getOriginalMessage() + " at line "
                            + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new BadPushException(400, "error reading push request: " + e.getMessage());
        }
    }

    private static RawStream stream(JsonParser p, int index) throws IOException, BadPushException {
        Map<String, String> labels = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "stream" -> {
                    expect(
                            p,
                            t,
                            JsonToken.START_OBJECT,
                            "\"stream\" of stream " + index + " must be an object of label names to values");
                    readStringMap(p, labels, "\"stream\" of stream " + index);
                }
                case "values" -> {
                    expect(p, t, JsonToken.START_ARRAY, "\"values\" of stream " + index + " must be an array");
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        entries.add(value(p, index, entries.size()));
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new RawStream(Labels.of(labels).toString(), entries);
    }

    private static Entry value(JsonParser p, int stream, int index) throws IOException, BadPushException {
        String where = "value " + index + " of stream " + stream;
        expect(
                p,
                p.nextToken(),
                JsonToken.VALUE_STRING,
                where + ": the timestamp must be a string of Unix nanoseconds");
        long ts;
        try {
            ts = Long.parseLong(p.getText());
        } catch (NumberFormatException e) {
            throw new BadPushException(
                    400, where + ": invalid timestamp \"" + p.getText() + "\": must be Unix nanoseconds");
        }
        expect(p, p.nextToken(), JsonToken.VALUE_STRING, where + ": the log line must be a string");
        byte[] line = p.getText().getBytes(StandardCharsets.UTF_8);
        List<Labels.Label> metadata = List.of();
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, String> m = new LinkedHashMap<>();
            readStringMap(p, m, where + " structured metadata");
            metadata = new ArrayList<>(m.size());
            for (Map.Entry<String, String> e : m.entrySet()) {
                metadata.add(new Labels.Label(e.getKey(), e.getValue()));
            }
            t = p.nextToken();
        }
        expect(
                p,
                t,
                JsonToken.END_ARRAY,
                where + ": expected [\"<ns>\", \"<line>\"] or [\"<ns>\", \"<line>\", {structured metadata}]");
        return new Entry(ts, line, metadata);
    }

    private static void readStringMap(JsonParser p, Map<String, String> into, String what)
            throws IOException, BadPushException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            expect(p, p.nextToken(), JsonToken.VALUE_STRING, what + ": the value of \"" + name + "\" must be a string");
            into.put(name, p.getText());
        }
    }

    private static void expect(JsonParser p, JsonToken got, JsonToken wanted, String message) throws BadPushException {
        if (got != wanted) {
            throw new BadPushException(
                    400,
                    "error parsing push request: " + message
                            + (p.currentLocation() == null
                                    ? ""
                                    : " (line " + p.currentLocation().getLineNr() + ", column "
                                            + p.currentLocation().getColumnNr() + ")"));
        }
    }
}
