// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.core.model.LabelsParseException;
import io.skald.core.model.LabelsParser;
import io.skald.store.chunks.ByteSink;
import io.skald.store.chunks.Varint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The two WAL record types, as {@code docs/formats.md} lays them out. Every record starts with its
 * type byte and sequence number.
 * <ul>
 *   <li>{@code ENTRIES}: the entries one push added, per stream;</li>
 *   <li>{@code FLUSHED}: a stream's entries from records up to a sequence number are in the store,
 *       so replay skips them (no entry is stored twice).</li>
 * </ul>
 */
final class WalRecords {
    static final byte ENTRIES = 1;
    static final byte FLUSHED = 2;

    /** A stream's entries in a record; {@code labelText} is the labels' canonical text when known, else null. */
    record StreamEntries(Labels labels, String labelText, List<Entry> entries) {
        StreamEntries(Labels labels, List<Entry> entries) {
            this(labels, null, entries);
        }
    }

    record Decoded(
            byte type, long seq, String tenant, List<StreamEntries> streams, Labels flushedLabels, long flushedUpTo) {}

    private WalRecords() {}

    static ByteBuffer entries(long seq, String tenant, List<StreamEntries> streams) {
        ByteSink out = new ByteSink(estimate(streams));
        out.write(ENTRIES);
        out.uvarint(seq);
        out.string(tenant);
        out.uvarint(streams.size());
        for (StreamEntries s : streams) {
            out.string(s.labelText() != null ? s.labelText() : s.labels().toString());
            out.uvarint(s.entries().size());
            for (Entry e : s.entries()) {
                out.varint(e.timestampNanos());
                out.bytes(e.line());
                out.uvarint(e.metadata().size());
                for (Labels.Label l : e.metadata()) {
                    out.string(l.name());
                    out.string(l.value());
                }
            }
        }
        return out.asByteBuffer();
    }

    private static int estimate(List<StreamEntries> streams) {
        int n = 32;
        for (StreamEntries s : streams) {
            n += 64;
            for (Entry e : s.entries()) {
                n += e.line().length + 12;
            }
        }
        return n;
    }

    static ByteBuffer flushed(long seq, String tenant, String labelText, long upTo) {
        ByteSink out = new ByteSink(64);
        out.write(FLUSHED);
        out.uvarint(seq);
        out.string(tenant);
        out.string(labelText);
        out.uvarint(upTo);
        return out.asByteBuffer();
    }

    static long seq(ByteBuffer payload) {
        try {
            payload.get();
            return Varint.uvarint(payload);
        } catch (IOException e) {
            return -1;
        }
    }

    static Decoded decode(ByteBuffer in) throws IOException {
        byte type = in.get();
        long seq = Varint.uvarint(in);
        String tenant = Varint.string(in);
        if (type == FLUSHED) {
            Labels labels = labels(Varint.string(in));
            return new Decoded(type, seq, tenant, List.of(), labels, Varint.uvarint(in));
        }
        if (type != ENTRIES) {
            throw new IOException("unknown WAL record type " + type);
        }
        int streams = (int) Varint.uvarint(in);
        List<StreamEntries> out = new ArrayList<>(streams);
        for (int i = 0; i < streams; i++) {
            Labels labels = labels(Varint.string(in));
            int n = (int) Varint.uvarint(in);
            List<Entry> entries = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                long ts = Varint.varint(in);
                byte[] line = Varint.bytes(in);
                int m = (int) Varint.uvarint(in);
                List<Labels.Label> metadata = new ArrayList<>(m);
                for (int k = 0; k < m; k++) {
                    metadata.add(new Labels.Label(Varint.string(in), Varint.string(in)));
                }
                entries.add(new Entry(ts, line, metadata));
            }
            out.add(new StreamEntries(labels, entries));
        }
        return new Decoded(type, seq, tenant, out, null, 0);
    }

    private static Labels labels(String text) throws IOException {
        try {
            return Labels.of(LabelsParser.parse(text));
        } catch (LabelsParseException e) {
            throw new IOException("corrupt labels in WAL record: " + e.getMessage(), e);
        }
    }
}
