// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.CollectorRegistry;
import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.ingester.api.PushResult;
import io.skald.ingester.api.StreamEntries;
import io.skald.ingester.api.StreamPush;
import io.skald.store.api.ChunkRef;
import io.skald.store.api.ChunkStore;
import io.skald.store.chunks.ChunkReader;
import io.skald.store.chunks.Encoding;
import io.skald.store.chunks.ObjectChunkStore;
import io.skald.store.internal.FilesystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads pushing to overlapping and distinct streams at once, with exact duplicates and
 * out-of-order entries racing each other: memory, the store and a replayed WAL must all hold exactly
 * the acknowledged entries, once.
 */
class IngesterConcurrencyTest {
    static final long HOUR = 3_600_000_000_000L;
    static final long NEWEST = 10 * HOUR;
    static final int THREADS = 8;
    static final int PUSHES = 150;
    static final int SHARED = 2;

    @TempDir
    Path dir;

    ChunkStore store;

    @BeforeEach
    void setUp() throws Exception {
        store = new ObjectChunkStore(new FilesystemObjectStore(dir.resolve("chunks")));
    }

    /** Blocks and chunks big enough that the duplicate check (head block only) sees every entry. */
    Settings settings(int blockSize, long segmentBytes) {
        return new Settings(
                Encoding.SNAPPY,
                blockSize,
                1L << 30,
                2 * HOUR,
                HOUR,
                dir.resolve("wal"),
                Wal.SyncPolicy.ALWAYS,
                segmentBytes,
                tenant -> 0,
                false,
                1L << 30);
    }

    IngesterCore start(Settings s) throws Exception {
        IngesterCore core = new IngesterCore(s, store, new IngesterMetrics(new CollectorRegistry()));
        core.start();
        return core;
    }

    static Labels labels(String name) {
        return Labels.of(Map.of("app", name));
    }

    static Entry entry(long ts, String line) {
        return new Entry(ts, line.getBytes(StandardCharsets.UTF_8), List.of());
    }

    /** Stream label text and entry, the unit every check below counts. */
    record Key(String stream, long ts, String line) {}

    static Key key(Labels l, Entry e) {
        return new Key(l.toString(), e.timestampNanos(), new String(e.line(), StandardCharsets.UTF_8));
    }

    /** What the pushers sent and what the ingester said. */
    static final class Outcome {
        final Set<Key> inWindow = ConcurrentHashMap.newKeySet();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong refusedExpected = new AtomicLong();
    }

    /**
     * Each stream first gets an anchor at {@link #NEWEST}. Then every thread pushes batches over a few
     * shared streams and its own: timestamps random within 30 minutes of the anchor (so all are in
     * the window, and most arrive out of order), drawn from a small pool so threads send the very
     * same entry at once; now and then an entry two hours old, which must be refused.
     */
    Outcome pushConcurrently(IngesterCore core, AtomicBoolean flushing) throws Exception {
        Outcome o = new Outcome();
        List<Labels> all = new ArrayList<>();
        for (int i = 0; i < SHARED; i++) {
            all.add(labels("shared-" + i));
        }
        for (int t = 0; t < THREADS; t++) {
            all.add(labels("own-" + t));
        }
        for (Labels l : all) {
            Entry anchor = entry(NEWEST, "anchor");
            assertEquals(
                    1,
                    core.push("fake", List.of(new StreamPush(l, List.of(anchor))))
                            .accepted());
            o.inWindow.add(key(l, anchor));
            o.accepted.incrementAndGet();
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                Random r = new Random(thread);
                go.await();
                for (int p = 0; p < PUSHES; p++) {
                    List<StreamPush> push = new ArrayList<>();
                    List<Labels> chosen = new ArrayList<>(List.of(labels("own-" + thread)));
                    chosen.add(all.get(r.nextInt(SHARED)));
                    chosen.add(all.get(r.nextInt(SHARED)));
                    for (Labels l : chosen) { // the same stream twice in one push happens too
                        List<Entry> entries = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            if (r.nextInt(50) == 0) {
                                entries.add(entry(NEWEST - 2 * HOUR - r.nextInt(1000), "too old"));
                                o.refusedExpected.incrementAndGet();
                                continue;
                            }
                            long ts = NEWEST - 30L * 60 * 1_000_000_000 + r.nextInt(400) * 1_000_000_000L;
                            Entry e = entry(ts, "line " + ts % 7 + " v" + r.nextInt(2));
                            entries.add(e);
                            o.inWindow.add(key(l, e));
                        }
                        push.add(new StreamPush(l, entries));
                    }
                    PushResult res = core.push("fake", push);
                    o.accepted.addAndGet(res.accepted());
                    o.duplicates.addAndGet(res.duplicates());
                    o.refused.addAndGet(res.errors().isEmpty() ? 0 : countRefused(res.errors()));
                }
                return null;
            }));
        }
        Future<?> flusher = pool.submit(() -> {
            go.await();
            while (flushing.get()) {
                core.flush();
                Thread.yield();
            }
            return null;
        });
        go.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        flushing.set(false);
        flusher.get();
        pool.shutdown();
        return o;
    }

    static long countRefused(List<String> errors) {
        long n = 0;
        for (String e : errors) {
            int at = e.indexOf("total ignored: ");
            n += Long.parseLong(e.substring(at + 15, e.indexOf(' ', at + 15)));
        }
        return n;
    }

    Map<Key, Integer> memory(IngesterCore core) throws Exception {
        Map<Key, Integer> out = new HashMap<>();
        for (StreamEntries s : core.select("fake", l -> true, 0, Long.MAX_VALUE)) {
            for (Entry e : s.entries()) {
                out.merge(key(s.labels(), e), 1, Integer::sum);
            }
        }
        return out;
    }

    Map<Key, Integer> stored() throws Exception {
        Map<Key, Integer> out = new HashMap<>();
        for (ChunkRef ref : store.refs("fake", 0, Long.MAX_VALUE / 2)) {
            for (Entry e : new ChunkReader(store.getChunk(ref)).entries()) {
                out.merge(key(ref.labels(), e), 1, Integer::sum);
            }
        }
        return out;
    }

    static Map<Key, Integer> plus(Map<Key, Integer> a, Map<Key, Integer> b) {
        Map<Key, Integer> out = new HashMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, Integer::sum));
        return out;
    }

    static long total(Map<Key, Integer> m) {
        return m.values().stream().mapToLong(Integer::longValue).sum();
    }

    @Test
    void racingPushesKeepEveryAcknowledgedEntryExactlyOnceInMemoryAndAfterReplay() throws Exception {
        Settings s = settings(1 << 24, 64 << 10);
        IngesterCore first = start(s);
        Outcome o = pushConcurrently(first, new AtomicBoolean(false));
        Map<Key, Integer> held = memory(first);
        assertEquals(o.inWindow, held.keySet(), "every in-window entry is held, and nothing else");
        assertTrue(held.values().stream().allMatch(n -> n == 1), "no entry is held twice");
        assertEquals(o.accepted.get(), total(held), "accepted counts add up to what is held");
        assertEquals(o.refusedExpected.get(), o.refused.get(), "every too-old entry refused, nothing else");
        // no stop(): as if killed. A new ingester on the same WAL restores exactly the same:
        IngesterCore second = start(s);
        assertEquals(held, memory(second));
        second.flush();
        assertEquals(held, stored());
        second.stop();
    }

    @Test
    void flushesDuringRacingPushesStoreNothingTwiceAndLoseNothingAcrossACrash() throws Exception {
        // Small segments, so segments are rolled and deleted while records arrive out of order.
        Settings s = settings(1 << 24, 16 << 10);
        IngesterCore first = start(s);
        Outcome o = pushConcurrently(first, new AtomicBoolean(true));
        Map<Key, Integer> before = plus(memory(first), stored());
        // A forced flush cuts the head, so a later copy of an entry is new again (as in Loki):
        // exactness here is the multiset, which replay must restore exactly.
        assertEquals(o.inWindow, before.keySet());
        assertEquals(o.accepted.get(), total(before), "what is held and stored is what was accepted");
        IngesterCore second = start(s);
        assertEquals(before, plus(memory(second), stored()), "replay restores exactly what was held, once");
        second.flush();
        assertEquals(before, stored());
        second.stop();
    }
    /**
     * Records reach the log out of sequence order when pushes race; replay applies them in sequence
     * order, as every stream did live. Here record 2 (newest) is in the file before record 1, two
     * hours older: in file order record 1 would be refused as too far behind and lost.
     */
    @Test
    void replayAppliesRecordsInSequenceOrderNotFileOrder() throws Exception {
        Settings s = settings(4096, 1 << 20);
        Labels app = labels("api");
        Labels other = labels("other");
        Wal wal = new Wal(s.walDir(), s.walSegmentBytes(), s.syncPolicy());
        wal.replay(payload -> {}, WalRecords::seq);
        wal.open();
        Entry newer = entry(NEWEST, "newer");
        Entry older = entry(NEWEST - 2 * HOUR, "older");
        Entry flushedAlready = entry(NEWEST, "flushed already");
        wal.append(WalRecords.entries(2, "fake", List.of(new WalRecords.StreamEntries(app, List.of(newer)))), 2);
        // a FLUSHED mark may also precede a record it covers; it still covers it
        wal.append(WalRecords.flushed(4, "fake", other.toString(), 3), 4);
        wal.append(WalRecords.entries(1, "fake", List.of(new WalRecords.StreamEntries(app, List.of(older)))), 1);
        wal.append(
                WalRecords.entries(3, "fake", List.of(new WalRecords.StreamEntries(other, List.of(flushedAlready)))),
                3);
        wal.close();
        IngesterCore core = start(s);
        assertEquals(Map.of(key(app, newer), 1, key(app, older), 1), memory(core));
        core.stop();
    }
}
