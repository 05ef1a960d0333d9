// SPDX-License-Identifier: Apache-2.0
package io.skald.store.chunks;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.spi.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a chunk written by {@link ChunkBuilder}: checks the magic, version and every checksum
 * (Loki's {@code invalid chunk checksum} on a mismatch) and decodes blocks on demand, so a reader
 * that knows the time range it wants decompresses only the blocks that overlap it.
 */
public final class ChunkReader {
    /** One block's place in the chunk. */
    public record BlockMeta(
            int entries, long minTs, long maxTs, int offset, int length, int uncompressedSize, byte[] bloom) {}

    private final byte[] chunk; // the whole chunk, or (opened by range) only its metas, symbols and footer
    private final int base; // where chunk[0] lies in the object
    private final ObjectStore objects; // set when blocks are read by range
    private final String key;
    private final Encoding encoding;
    private final List<BlockMeta> blocks = new ArrayList<>();
    private final List<String> symbols = new ArrayList<>();

    public ChunkReader(byte[] chunk) throws IOException {
        this(header(chunk), chunk, 0, chunk.length, null, null);
    }

    /**
     * Opens a chunk object by ranges: its header, then its metas, symbols and footer; each block is
     * read when it is decoded. For readers that need a few blocks of many chunks (a log query's newest
     * lines), this reads kilobytes where the whole chunk would be a megabyte or more.
     */
    public static ChunkReader open(ObjectStore objects, String key, long size) throws IOException {
        if (size < 6 + 32) {
            throw new IOException("invalid size: " + size + " bytes is no chunk");
        }
        byte[] header = read(objects, key, 0, 6);
        byte[] footer = read(objects, key, size - 32, 32);
        long metasOffset = ByteBuffer.wrap(footer).getLong();
        if (metasOffset < 6 || metasOffset > size - 32) {
            throw new IOException("invalid size: section out of bounds");
        }
        byte[] tail = read(objects, key, metasOffset, (int) (size - metasOffset));
        return new ChunkReader(header, tail, (int) metasOffset, size, objects, key);
    }

    private static byte[] read(ObjectStore objects, String key, long offset, int length) throws IOException {
        try (InputStream in = objects.getRange(key, offset, length)) {
            byte[] b = in.readNBytes(length);
            if (b.length != length) {
                throw new IOException("invalid size: chunk " + key + " ends early");
            }
            return b;
        }
    }

    private static byte[] header(byte[] chunk) throws IOException {
        if (chunk.length < 6 + 32) {
            throw new IOException("invalid size: " + chunk.length + " bytes is no chunk");
        }
        return Arrays.copyOf(chunk, 6);
    }

    private ChunkReader(byte[] header, byte[] chunk, int base, long size, ObjectStore objects, String key)
            throws IOException {
        this.chunk = chunk;
        this.base = base;
        this.objects = objects;
        this.key = key;
        ByteBuffer b = ByteBuffer.wrap(header);
        if (b.getInt() != ChunkBuilder.MAGIC) {
            throw new IOException("invalid magic number: not a Skald chunk");
        }
        int version = b.get();
        if (version < 1 || version > ChunkBuilder.VERSION) {
            throw new IOException("unsupported chunk version " + version);
        }
        this.encoding = Encoding.ofCode(b.get());
        ByteBuffer footer = ByteBuffer.wrap(chunk, chunk.length - 32, 32);
        long metasOffset = footer.getLong();
        long metasLength = footer.getLong();
        long symbolsOffset = footer.getLong();
        long symbolsLength = footer.getLong();
        ByteBuffer metas = section(metasOffset, metasLength, size);
        long n = Varint.uvarint(metas);
        for (long i = 0; i < n; i++) {
            int entries = (int) Varint.uvarint(metas);
            long minTs = Varint.varint(metas);
            long maxTs = Varint.varint(metas);
            int offset = (int) Varint.uvarint(metas);
            int length = (int) Varint.uvarint(metas);
            int uncompressed = (int) Varint.uvarint(metas);
            byte[] bloom = null; // version 1 chunks have none: their blocks are always read
            if (version >= 2) {
                bloom = new byte[(int) Varint.uvarint(metas)];
                metas.get(bloom);
            }
            blocks.add(new BlockMeta(entries, minTs, maxTs, offset, length, uncompressed, bloom));
        }
        ByteBuffer syms = section(symbolsOffset, symbolsLength, size);
        long count = Varint.uvarint(syms);
        for (long i = 0; i < count; i++) {
            symbols.add(Varint.string(syms));
        }
    }

    private ByteBuffer section(long offset, long length, long size) throws IOException {
        if (offset < Math.max(6, base) || length < 4 || offset + length > size - 32) {
            throw new IOException("invalid size: section out of bounds");
        }
        int at = (int) (offset - base);
        int bodyLength = (int) length - 4;
        int expected = ByteBuffer.wrap(chunk, at + bodyLength, 4).getInt();
        if (ChunkBuilder.crc(chunk, at, bodyLength) != expected) {
            throw new IOException("invalid chunk checksum");
        }
        return ByteBuffer.wrap(chunk, at, bodyLength).slice();
    }

    /** One decompression buffer per scanning thread: lines handed out by {@link #scanRaw} live only during the call. */
    private static final ThreadLocal<byte[]> SCRATCH = new ThreadLocal<>();

    /** A block's compressed bytes, checked against its crc, decompressed. */
    private byte[] decompressed(BlockMeta block) throws IOException {
        return decompressed(block, false);
    }

    private byte[] decompressed(BlockMeta block, boolean scratch) throws IOException {
        byte[] data = chunk;
        int at = block.offset() - base;
        if (objects != null) {
            data = read(objects, key, block.offset(), block.length() + 4);
            at = 0;
        } else if (at < 0 || at + block.length() + 4 > chunk.length) {
            throw new IOException("invalid size: block out of bounds");
        }
        int expected = ByteBuffer.wrap(data, at + block.length(), 4).getInt();
        if (ChunkBuilder.crc(data, at, block.length()) != expected) {
            throw new IOException("invalid chunk checksum");
        }
        if (!scratch) {
            return encoding.decompress(data, at, block.length(), block.uncompressedSize());
        }
        byte[] buffer = SCRATCH.get();
        if (buffer == null || buffer.length < block.uncompressedSize()) {
            buffer = new byte[Math.max(block.uncompressedSize(), 512 * 1024)];
            SCRATCH.set(buffer);
        }
        return encoding.decompress(data, at, block.length(), block.uncompressedSize(), buffer);
    }

    public Encoding encoding() {
        return encoding;
    }

    public List<BlockMeta> blocks() {
        return blocks;
    }

    /** The entries of one block, in time order. */
    public List<Entry> entries(BlockMeta block) throws IOException {
        ByteBuffer raw = ByteBuffer.wrap(decompressed(block));
        return decodeBlock(raw, block.entries(), symbols);
    }

    /** A block's uncompressed payload: delta-coded timestamps, lines, metadata as symbol references. */
    static List<Entry> decodeBlock(ByteBuffer raw, int entries, List<String> symbols) throws IOException {
        List<Entry> out = new ArrayList<>(entries);
        long ts = 0;
        for (int i = 0; i < entries; i++) {
            ts += Varint.varint(raw);
            byte[] line = Varint.bytes(raw);
            int m = (int) Varint.uvarint(raw);
            List<Labels.Label> metadata = m == 0 ? List.of() : new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                metadata.add(
                        new Labels.Label(symbol(symbols, Varint.uvarint(raw)), symbol(symbols, Varint.uvarint(raw))));
            }
            out.add(new Entry(ts, line, metadata));
        }
        return out;
    }

    /** A test on a line's bytes where they lie, so lines that fail it are never copied out. */
    @FunctionalInterface
    public interface LineTest {
        boolean test(byte[] buffer, int offset, int length);
    }

    /** A line where it lies in a decompressed block, with its timestamp and structured metadata. */
    @FunctionalInterface
    public interface RawLine {
        void accept(long timestampNanos, byte[] buffer, int offset, int length, List<Labels.Label> metadata);
    }

    /**
     * Scans one block in place: only entries in [from, to) whose line passes {@code keep} become
     * {@link Entry} objects. Returns how many entries of the block lay in [from, to).
     */
    public int scan(BlockMeta block, long from, long to, LineTest keep, Consumer<Entry> out) throws IOException {
        return scanRaw(
                block,
                from,
                to,
                keep,
                (ts, buffer, offset, length, metadata) ->
                        out.accept(new Entry(ts, Arrays.copyOfRange(buffer, offset, offset + length), metadata)));
    }

    /**
     * Scans one block in place, handing each entry in [from, to) that passes {@code keep} to
     * {@code out} without copying its line (valid only during the call). Returns how many entries of
     * the block lay in [from, to).
     */
    public int scanRaw(BlockMeta block, long from, long to, LineTest keep, RawLine out) throws IOException {
        byte[] raw = decompressed(block, true);
        // Read straight from the array: this loop runs once per stored line of every block a query reads.
        int pos = 0;
        int limit = block.uncompressedSize();
        long ts = 0;
        int inRange = 0;
        long[] cursor = new long[1];
        for (int i = 0; i < block.entries(); i++) {
            pos = uvarint(raw, pos, limit, cursor);
            long u = cursor[0];
            ts += (u >>> 1) ^ -(u & 1);
            pos = uvarint(raw, pos, limit, cursor);
            long length = cursor[0];
            if (length < 0 || length > limit - pos) {
                throw new IOException("length " + length + " exceeds the " + (limit - pos) + " bytes left");
            }
            int lineAt = pos;
            pos += (int) length;
            pos = uvarint(raw, pos, limit, cursor);
            int m = (int) cursor[0];
            boolean wanted = ts >= from && ts < to;
            if (wanted) {
                inRange++;
            }
            if (!wanted || !keep.test(raw, lineAt, (int) length)) {
                for (int j = 0; j < 2 * m; j++) {
                    pos = uvarint(raw, pos, limit, cursor);
                }
                continue;
            }
            List<Labels.Label> metadata = m == 0 ? List.of() : new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                pos = uvarint(raw, pos, limit, cursor);
                String name = symbol(symbols, cursor[0]);
                pos = uvarint(raw, pos, limit, cursor);
                metadata.add(new Labels.Label(name, symbol(symbols, cursor[0])));
            }
            out.accept(ts, raw, lineAt, (int) length, metadata);
        }
        return inRange;
    }

    /** Reads a uvarint at {@code pos} into {@code value[0]}; returns the position after it. */
    private static int uvarint(byte[] b, int pos, int limit, long[] value) throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw new IOException("truncated varint");
            }
            byte x = b[pos++];
            result |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                value[0] = result;
                return pos;
            }
        }
        throw new IOException("varint overflows 64 bits");
    }

    /** Every entry of the chunk, block by block. */
    public List<Entry> entries() throws IOException {
        List<Entry> all = new ArrayList<>();
        for (BlockMeta b : blocks) {
            all.addAll(entries(b));
        }
        return all;
    }

    private static String symbol(List<String> symbols, long id) throws IOException {
        if (id < 0 || id >= symbols.size()) {
            throw new IOException("invalid symbol reference " + id);
        }
        return symbols.get((int) id);
    }
}
