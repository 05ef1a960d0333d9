// SPDX-License-Identifier: Apache-2.0
package io.skald.store.chunks;

import io.skald.core.model.Labels;
import io.skald.core.model.LabelsParseException;
import io.skald.core.model.LabelsParser;
import io.skald.store.api.ChunkRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One index object: the chunk refs one flush wrote for one tenant and one daily table. Objects are
 * immutable and only ever added; a reader unions them (the compactor will merge them per day).
 * Layout in {@code docs/formats.md}.
 */
public final class IndexFormat {
    public static final int MAGIC = 0x534B4958; // "SKIX"
    public static final int VERSION = 1;
    public static final long DAY_NANOS = 86_400_000_000_000L;

    private IndexFormat() {}

    /** Loki's daily index table name for a time: {@code index_<days since the epoch>}. */
    public static String table(long nanos) {
        return "index_" + Math.floorDiv(nanos, DAY_NANOS);
    }

    public static byte[] encode(List<ChunkRef> refs) {
        ByteSink out = new ByteSink(64 * refs.size() + 16);
        out.writeInt(MAGIC);
        out.write(VERSION);
        out.uvarint(refs.size());
        for (ChunkRef r : refs) {
            out.string(r.labels().toString());
            out.varint(r.fromNanos());
            out.varint(r.throughNanos());
            out.writeInt(r.checksum());
            out.uvarint(r.entries());
            out.uvarint(r.size());
            out.uvarint(r.uncompressedSize());
        }
        out.writeInt(ChunkBuilder.crc(out.array(), 0, out.size()));
        return out.toByteArray();
    }

    public static List<ChunkRef> decode(String tenant, byte[] data) throws IOException {
        if (data.length < 9) {
            throw new IOException("invalid size: index object of " + data.length + " bytes");
        }
        int expected = ByteBuffer.wrap(data, data.length - 4, 4).getInt();
        if (ChunkBuilder.crc(data, 0, data.length - 4) != expected) {
            throw new IOException("invalid index checksum");
        }
        ByteBuffer in = ByteBuffer.wrap(data, 0, data.length - 4);
        if (in.getInt() != MAGIC || in.get() != VERSION) {
            throw new IOException("not a Skald index object of version " + VERSION);
        }
        long n = Varint.uvarint(in);
        List<ChunkRef> refs = new ArrayList<>((int) Math.min(n, 1 << 16));
        for (long i = 0; i < n; i++) {
            String labels = Varint.string(in);
            try {
                refs.add(new ChunkRef(
                        tenant,
                        Labels.of(LabelsParser.parse(labels)),
                        Varint.varint(in),
                        Varint.varint(in),
                        in.getInt(),
                        (int) Varint.uvarint(in),
                        Varint.uvarint(in),
                        Varint.uvarint(in)));
            } catch (LabelsParseException e) {
                throw new IOException("corrupt labels in index: " + e.getMessage(), e);
            }
        }
        return refs;
    }
}
