// SPDX-License-Identifier: Apache-2.0
package io.skald.store.chunks;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
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
    public static final int VERSION = 2;

    /** A sealed block, compressed. */
    record Block(byte[] data, int entries, long minTs, long maxTs, int uncompressedSize, byte[] bloom) {}

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

    /** Entries in the head block, not yet sealed. Drops to 0 when a block is cut. */
    public int headEntries() {
        return head.size();
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
        ByteSink raw = new ByteSink(headBytes + 64);
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        long previous = 0;
        LineBloom bloom = new LineBloom();
        for (Entry e : head) {
            bloom.add(e.line(), 0, e.line().length);
            // Sorted, so each timestamp is a small delta from the one before: bytes that compress.
            raw.varint(e.timestampNanos() - previous);
            previous = e.timestampNanos();
            raw.bytes(e.line());
            raw.uvarint(e.metadata().size());
            for (Labels.Label l : e.metadata()) {
                raw.uvarint(symbol(l.name()));
                raw.uvarint(symbol(l.value()));
            }
            lo = Math.min(lo, e.timestampNanos());
            hi = Math.max(hi, e.timestampNanos());
        }
        byte[] compressed = encoding.compress(raw.array(), raw.size());
        blocks.add(new Block(compressed, head.size(), lo, hi, raw.size(), bloom.toBytes()));
        compressedBytes += compressed.length + 4;
        uncompressedBytes += raw.size();
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
        ByteSink out = new ByteSink((int) compressedBytes + 256);
        out.writeInt(MAGIC);
        out.write(VERSION);
        out.write(encoding.code());
        List<long[]> offsets = new ArrayList<>();
        for (Block b : blocks) {
            offsets.add(new long[] {out.size(), b.data().length});
            out.write(b.data(), 0, b.data().length);
            out.writeInt(crc(b.data(), 0, b.data().length));
        }
        ByteSink metas = new ByteSink(16 * blocks.size() + 8);
        metas.uvarint(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            metas.uvarint(b.entries());
            metas.varint(b.minTs());
            metas.varint(b.maxTs());
            metas.uvarint(offsets.get(i)[0]);
            metas.uvarint(offsets.get(i)[1]);
            metas.uvarint(b.uncompressedSize());
            metas.bytes(b.bloom()); // uvarint length, then the filter
        }
        ByteSink syms = new ByteSink(64);
        syms.uvarint(symbolList.size());
        symbolList.forEach(syms::string);
        long metasOffset = out.size();
        section(out, metas);
        long symbolsOffset = out.size();
        section(out, syms);
        long symbolsEnd = out.size();
        out.writeLong(metasOffset);
        out.writeLong(symbolsOffset - metasOffset);
        out.writeLong(symbolsOffset);
        out.writeLong(symbolsEnd - symbolsOffset);
        return out.toByteArray();
    }

    private static void section(ByteSink out, ByteSink body) {
        out.write(body.array(), 0, body.size());
        out.writeInt(crc(body.array(), 0, body.size()));
    }

    /**
     * The entries written so far with timestamps in [from, through], without sealing anything: the
     * ingester's view for queries of data not yet flushed. Blocks outside the range stay compressed.
     */
    public List<Entry> entries(long from, long through) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Block b : blocks) {
            if (b.maxTs() < from || b.minTs() > through) {
                continue;
            }
            byte[] raw = encoding.decompress(b.data(), 0, b.data().length, b.uncompressedSize());
            for (Entry e : ChunkReader.decodeBlock(ByteBuffer.wrap(raw), b.entries(), symbolList)) {
                if (e.timestampNanos() >= from && e.timestampNanos() <= through) {
                    out.add(e);
                }
            }
        }
        for (Entry e : head) {
            if (e.timestampNanos() >= from && e.timestampNanos() <= through) {
                out.add(e);
            }
        }
        return out;
    }

    /** The head block's entries, unsorted, for duplicate checks; do not modify. */
    public List<Entry> headView() {
        return Collections.unmodifiableList(head);
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }
}
