// SPDX-License-Identifier: Apache-2.0
package io.skald.store.api;

import io.skald.spi.log.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Builds one chunk: entries go into an uncompressed head block; at {@code blockSize} bytes the head
 * is sorted by time, compressed and sealed. {@link #build} seals the head and lays out the chunk as
 * {@code docs/formats.md} describes. Not thread-safe: one stream's ingester lock guards it.
 */
public final class ChunkBuilder {
    public static final int MAGIC = 0x534B4C44; // "SKLD"
    public static final int VERSION = 1;

    /** A sealed block, compressed. */
    record Block(byte[] data, int entries, long minTs, long maxTs, int uncompressedSize) {
    }

    private final Encoding encoding;
    private final int blockSize;
    private final List<Block> blocks = new ArrayList<>();
    private final List<Entry> head = new ArrayList<>();
    private final Map<String, Integer> symbols = new HashMap<>();
    private final List<String> symbolList = new ArrayList<>();
    private int headBytes;
    private long compressedBytes;
    private long uncompressedBytes;
    private int entries;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;

    public ChunkBuilder(Encoding encoding, int blockSize) {
        this.encoding = encoding;
        this.blockSize = blockSize;
    }

    public void append(Entry e) throws IOException {
        head.add(e);
        headBytes += e.line().length + 10 + 4 * e.metadata().size();
        entries++;
        minTs = Math.min(minTs, e.timestampNanos());
        maxTs = Math.max(maxTs, e.timestampNanos());
        if (headBytes >= blockSize) {
            cutBlock();
        }
    }

    public int entries() {
        return entries;
    }

    public long minTs() {
        return minTs;
    }

    public long maxTs() {
        return maxTs;
    }

    /** Compressed bytes of the sealed blocks plus the raw size of the head: what counts against chunk_target_size. */
    public long approximateSize() {
        return compressedBytes + headBytes;
    }

    public long uncompressedSize() {
        return uncompressedBytes + headBytes;
    }

    private void cutBlock() throws IOException {
        if (head.isEmpty()) {
            return;
        }
        head.sort(Comparator.comparingLong(Entry::timestampNanos));
        ByteArrayOutputStream raw = new ByteArrayOutputStream(headBytes + 64);
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (Entry e : head) {
            Varint.putVarint(raw, e.timestampNanos());
            Varint.putBytes(raw, e.line());
            Varint.putUvarint(raw, e.metadata().size());
            for (Labels.Label l : e.metadata()) {
                Varint.putUvarint(raw, symbol(l.name()));
                Varint.putUvarint(raw, symbol(l.value()));
            }
            lo = Math.min(lo, e.timestampNanos());
            hi = Math.max(hi, e.timestampNanos());
        }
        byte[] bytes = raw.toByteArray();
        byte[] compressed = encoding.compress(bytes, bytes.length);
        blocks.add(new Block(compressed, head.size(), lo, hi, bytes.length));
        compressedBytes += compressed.length + 4;
        uncompressedBytes += bytes.length;
        head.clear();
        headBytes = 0;
    }

    private int symbol(String s) {
        return symbols.computeIfAbsent(s, k -> {
            symbolList.add(k);
            return symbolList.size() - 1;
        });
    }

    /** Seals the head and returns the chunk's bytes. The builder must not be used afterwards. */
    public byte[] build() throws IOException {
        cutBlock();
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) compressedBytes + 256);
        ByteBuffer header = ByteBuffer.allocate(6).putInt(MAGIC).put((byte) VERSION).put((byte) encoding.code());
        out.write(header.array(), 0, 6);
        List<long[]> offsets = new ArrayList<>();
        for (Block b : blocks) {
            offsets.add(new long[] {out.size(), b.data().length});
            out.write(b.data(), 0, b.data().length);
            writeInt(out, crc(b.data(), 0, b.data().length));
        }
        ByteArrayOutputStream metas = new ByteArrayOutputStream(16 * blocks.size() + 8);
        Varint.putUvarint(metas, blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            Varint.putUvarint(metas, b.entries());
            Varint.putVarint(metas, b.minTs());
            Varint.putVarint(metas, b.maxTs());
            Varint.putUvarint(metas, offsets.get(i)[0]);
            Varint.putUvarint(metas, offsets.get(i)[1]);
            Varint.putUvarint(metas, b.uncompressedSize());
        }
        ByteArrayOutputStream syms = new ByteArrayOutputStream();
        Varint.putUvarint(syms, symbolList.size());
        symbolList.forEach(s -> Varint.putString(syms, s));
        long metasOffset = out.size();
        section(out, metas.toByteArray());
        long symbolsOffset = out.size();
        section(out, syms.toByteArray());
        ByteBuffer footer = ByteBuffer.allocate(32).putLong(metasOffset).putLong(symbolsOffset - metasOffset)
                .putLong(symbolsOffset).putLong(out.size() - symbolsOffset);
        out.write(footer.array(), 0, 32);
        return out.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, byte[] body) {
        out.write(body, 0, body.length);
        writeInt(out, crc(body, 0, body.length));
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
