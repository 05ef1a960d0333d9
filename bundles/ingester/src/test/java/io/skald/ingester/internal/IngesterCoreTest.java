// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.CollectorRegistry;
import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.ingester.api.IngesterUnavailableException;
import io.skald.ingester.api.PushResult;
import io.skald.ingester.api.StreamPush;
import io.skald.store.api.ChunkRef;
import io.skald.store.api.ChunkStore;
import io.skald.store.chunks.ChunkReader;
import io.skald.store.chunks.Encoding;
import io.skald.store.chunks.ObjectChunkStore;
import io.skald.store.internal.FilesystemObjectStore;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngesterCoreTest {
    static final long HOUR = 3_600_000_000_000L;
    static final Labels APP = Labels.of(Map.of("app", "api"));

    @TempDir
    Path dir;

    ChunkStore store;

    @BeforeEach
    void setUp() throws Exception {
        store = new ObjectChunkStore(new FilesystemObjectStore(dir.resolve("chunks")));
    }

    Settings settings(int maxStreams) {
        return new Settings(
                Encoding.SNAPPY,
                4096,
                1 << 20,
                2 * HOUR,
                HOUR,
                dir.resolve("wal"),
                Wal.SyncPolicy.ALWAYS,
                1 << 20,
                tenant -> maxStreams,
                false,
                1L << 30);
    }

    IngesterCore start(Settings settings) throws Exception {
        IngesterCore core = new IngesterCore(settings, store, new IngesterMetrics(new CollectorRegistry()));
        core.start();
        return core;
    }

    static Entry entry(long ts, String line) {
        return new Entry(ts, line.getBytes(StandardCharsets.UTF_8), List.of());
    }

    static List<Entry> lines(long from, int n, String prefix) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(entry(from + i, prefix + i));
        }
        return out;
    }

    List<Entry> stored(String tenant) throws Exception {
        List<Entry> all = new ArrayList<>();
        for (ChunkRef ref : store.refs(tenant, 0, Long.MAX_VALUE / 2)) {
            all.addAll(new ChunkReader(store.getChunk(ref)).entries());
        }
        return all;
    }

    @Test
    void pushedEntriesAreStoredOnFlush() throws Exception {
        IngesterCore core = start(settings(0));
        PushResult r = core.push("fake", List.of(new StreamPush(APP, lines(HOUR, 1000, "line "))));
        assertEquals(1000, r.accepted());
        core.flush();
        List<Entry> stored = stored("fake");
        assertEquals(1000, stored.size());
        assertTrue(stored.containsAll(lines(HOUR, 1000, "line ")));
        assertEquals(List.of(), stored("other"));
        core.stop();
    }

    @Test
    void aCrashLosesNothingAcknowledgedAndStoresNothingTwice() throws Exception {
        IngesterCore first = start(settings(0));
        first.push("fake", List.of(new StreamPush(APP, lines(HOUR, 100, "a"))));
        first.flush(); // the first 100 reach the store, and FLUSHED is logged
        first.push("fake", List.of(new StreamPush(APP, lines(HOUR + 100, 50, "b"))));
        // no stop(): as if killed. A new ingester on the same WAL:
        IngesterCore second = start(settings(0));
        second.flush();
        List<Entry> stored = stored("fake");
        assertEquals(150, stored.size(), "every acknowledged entry exactly once");
        assertEquals(150, stored.stream().distinct().count());
        second.stop();
    }

    @Test
    void aTornWalTailIsCutOffNotFatal() throws Exception {
        IngesterCore first = start(settings(0));
        first.push("fake", List.of(new StreamPush(APP, lines(HOUR, 10, "kept"))));
        Path segment;
        try (Stream<Path> files = Files.list(dir.resolve("wal"))) {
            segment = files.filter(p -> p.toString().endsWith(".wal"))
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 9, 9, 9, 9, 1, 2, 3})); // a half-written record
        }
        IngesterCore second = start(settings(0));
        second.flush();
        assertEquals(10, stored("fake").size());
        second.stop();
    }

    @Test
    void exactDuplicatesAreKeptOnce() throws Exception {
        IngesterCore core = start(settings(0));
        PushResult first = core.push(
                "fake", List.of(new StreamPush(APP, List.of(entry(HOUR, "x"), entry(HOUR, "x"), entry(HOUR, "y")))));
        PushResult again = core.push("fake", List.of(new StreamPush(APP, List.of(entry(HOUR, "x")))));
        assertEquals(2, first.accepted());
        assertEquals(1, first.duplicates());
        assertEquals(0, again.accepted());
        core.flush();
        assertEquals(2, stored("fake").size());
        core.stop();
    }

    @Test
    void entriesTooFarBehindAreRefusedInLokisWords() throws Exception {
        IngesterCore core = start(settings(0));
        core.push("fake", List.of(new StreamPush(APP, List.of(entry(10 * HOUR, "newest")))));
        PushResult r = core.push(
                "fake", List.of(new StreamPush(APP, List.of(entry(8 * HOUR, "old"), entry(9 * HOUR + 1, "ok")))));
        assertEquals(1, r.accepted());
        assertEquals(1, r.errors().size());
        assertEquals(
                "entry with timestamp 1970-01-01 08:00:00 +0000 UTC ignored, reason: 'entry too far behind, entry timestamp is: "
                        + "1970-01-01T08:00:00Z, oldest acceptable timestamp is: 1970-01-01T09:00:00Z',\n"
                        + "user 'fake', total ignored: 1 out of 2 for stream: {app=\"api\"}",
                r.errors().get(0));
        core.stop();
    }

    @Test
    void newStreamsOverTheTenantLimitAreRefused() throws Exception {
        IngesterCore core = start(settings(1));
        core.push("fake", List.of(new StreamPush(APP, List.of(entry(HOUR, "a")))));
        PushResult r = core.push(
                "fake", List.of(new StreamPush(Labels.of(Map.of("app", "other")), List.of(entry(HOUR, "b")))));
        assertTrue(r.limited());
        assertTrue(r.errors()
                .get(0)
                .startsWith("Maximum active stream limit exceeded when trying to create stream {app=\"other\"}"));
        assertEquals(
                1,
                core.push("other-tenant", List.of(new StreamPush(APP, List.of(entry(HOUR, "c")))))
                        .accepted(),
                "the limit is per tenant");
        core.stop();
    }

    @Test
    void aStoppedIngesterRefusesPushes() throws Exception {
        IngesterCore core = start(settings(0));
        core.stop();
        assertThrows(
                IngesterUnavailableException.class,
                () -> core.push("fake", List.of(new StreamPush(APP, List.of(entry(1, "x"))))));
    }

    @Test
    void goTimeFormat() {
        assertEquals("2024-01-02 03:04:05.5 +0000 UTC", StreamBatch.goTime(1_704_164_645_500_000_000L));
        assertEquals("1970-01-01 00:00:00 +0000 UTC", StreamBatch.goTime(0));
    }
}
