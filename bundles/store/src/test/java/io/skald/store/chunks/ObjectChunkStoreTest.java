// SPDX-License-Identifier: Apache-2.0
package io.skald.store.chunks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.spi.storage.ObjectNotFoundException;
import io.skald.store.api.ChunkRef;
import io.skald.store.api.ChunkStore;
import io.skald.store.internal.FilesystemObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ObjectChunkStoreTest {
    @TempDir
    Path dir;

    static Entry entry(long ts, String line, Labels.Label... metadata) {
        return new Entry(ts, line.getBytes(StandardCharsets.UTF_8), List.of(metadata));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void chunksRoundTripInTimeOrderPerBlock(Encoding encoding) throws Exception {
        ChunkBuilder builder = new ChunkBuilder(encoding, 1024);
        List<Entry> written = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Entry e = entry(
                    1_000_000_000L * (500 - i),
                    "level=info msg=\"line " + i + "\"",
                    new Labels.Label("trace_id", "t" + (i % 7)));
            builder.append(e);
            written.add(e);
        }
        byte[] chunk = builder.build();
        ChunkReader reader = new ChunkReader(chunk);
        assertEquals(encoding, reader.encoding());
        assertTrue(reader.blocks().size() > 1, "cut into blocks");
        List<Entry> read = reader.entries();
        assertEquals(500, read.size());
        assertTrue(read.containsAll(written));
        for (ChunkReader.BlockMeta b : reader.blocks()) {
            List<Entry> block = reader.entries(b);
            for (int i = 1; i < block.size(); i++) {
                assertTrue(block.get(i - 1).timestampNanos() <= block.get(i).timestampNanos());
            }
            assertEquals(b.minTs(), block.get(0).timestampNanos());
        }
    }

    @Test
    void scanningInPlaceYieldsOnlyWhatPassesInRange() throws Exception {
        ChunkBuilder builder = new ChunkBuilder(Encoding.SNAPPY, 1 << 16);
        for (int i = 0; i < 100; i++) {
            builder.append(entry(i, (i % 10 == 0 ? "needle " : "hay ") + i, new Labels.Label("k", "v" + i)));
        }
        ChunkReader reader = new ChunkReader(builder.build());
        List<Entry> found = new ArrayList<>();
        int inRange = reader.scan(
                reader.blocks().get(0),
                20,
                60,
                (buf, off, len) -> new String(buf, off, len, StandardCharsets.UTF_8).startsWith("needle"),
                found::add);
        assertEquals(40, inRange);
        assertEquals(
                List.of(
                        entry(20, "needle 20", new Labels.Label("k", "v20")),
                        entry(30, "needle 30", new Labels.Label("k", "v30")),
                        entry(40, "needle 40", new Labels.Label("k", "v40")),
                        entry(50, "needle 50", new Labels.Label("k", "v50"))),
                found);
    }

    @Test
    void aFlippedBitIsAnInvalidChecksum() throws Exception {
        ChunkBuilder builder = new ChunkBuilder(Encoding.SNAPPY, 1 << 16);
        builder.append(entry(1, "hello"));
        byte[] chunk = builder.build();
        chunk[8] ^= 0x40;
        IOException e = assertThrows(IOException.class, () -> new ChunkReader(chunk).entries());
        assertEquals("invalid chunk checksum", e.getMessage());
    }

    @Test
    void refsAreCommittedPerDayAndReadBackOnce() throws Exception {
        ChunkStore store = new ObjectChunkStore(new FilesystemObjectStore(dir));
        Labels labels = Labels.of(Map.of("app", "api"));
        ChunkBuilder builder = new ChunkBuilder(Encoding.SNAPPY, 1 << 16);
        long day = IndexFormat.DAY_NANOS;
        builder.append(entry(day - 10, "before midnight"));
        builder.append(entry(day + 10, "after midnight"));
        byte[] chunk = builder.build();
        ChunkRef ref = store.putChunk(
                "tenant-a", labels, chunk, builder.minTs(), builder.maxTs(), 2, builder.uncompressedSize());
        assertEquals(List.of(), store.refs("tenant-a", 0, 3 * day), "invisible until committed");
        store.commitIndex(List.of(ref));
        assertEquals(List.of(ref), store.refs("tenant-a", 0, 3 * day), "one ref though two day tables hold it");
        assertEquals(List.of(ref), store.refs("tenant-a", day + 5, day + 6));
        assertEquals(List.of(), store.refs("tenant-b", 0, 3 * day), "tenants are apart");
        assertArrayEquals(chunk, store.getChunk(ref));
        assertTrue(Files.exists(dir.resolve(ref.key())));
    }

    @Test
    void aChunkOpenedByRangesReadsAsTheWholeOne() throws Exception {
        ChunkStore store = new ObjectChunkStore(new FilesystemObjectStore(dir));
        ChunkBuilder builder = new ChunkBuilder(Encoding.SNAPPY, 4096);
        for (int i = 0; i < 500; i++) {
            builder.append(new Entry(
                    i,
                    ("line " + i + " of a chunk with several blocks").getBytes(StandardCharsets.UTF_8),
                    i % 7 == 0 ? List.of(new Labels.Label("trace_id", "t" + i)) : List.of()));
        }
        byte[] chunk = builder.build();
        ChunkRef ref = store.putChunk(
                "t",
                Labels.of(Map.of("app", "api")),
                chunk,
                builder.minTs(),
                builder.maxTs(),
                500,
                builder.uncompressedSize());
        ChunkReader whole = new ChunkReader(chunk);
        ChunkReader ranged = store.openChunk(ref);
        assertTrue(whole.blocks().size() > 3);
        assertEquals(whole.blocks().size(), ranged.blocks().size());
        assertEquals(whole.entries(), ranged.entries());
        // a flipped byte in a block is caught when that block is read by range
        int at = whole.blocks().get(1).offset() + 3;
        chunk[at] ^= 0x55;
        Files.write(dir.resolve(ref.key()), chunk);
        ChunkReader damaged = store.openChunk(ref);
        assertEquals(
                whole.entries(whole.blocks().get(0)),
                damaged.entries(damaged.blocks().get(0)),
                "other blocks still read");
        IOException e = assertThrows(
                IOException.class, () -> damaged.entries(damaged.blocks().get(1)));
        assertEquals("invalid chunk checksum", e.getMessage());
    }

    @Test
    void objectStoreBasics() throws Exception {
        FilesystemObjectStore objects = new FilesystemObjectStore(dir);
        byte[] data = "0123456789".getBytes(StandardCharsets.UTF_8);
        objects.put("a/b/c", new ByteArrayInputStream(data), data.length);
        assertArrayEquals(
                "3456".getBytes(StandardCharsets.UTF_8),
                objects.getRange("a/b/c", 3, 4).readAllBytes());
        assertEquals("a/b/c", objects.list("a/").next().key());
        objects.delete("a/b/c");
        assertThrows(ObjectNotFoundException.class, () -> objects.get("a/b/c"));
        assertThrows(IOException.class, () -> objects.put("../escape", new ByteArrayInputStream(data), data.length));
    }
}
