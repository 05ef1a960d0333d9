// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.ingester.api.Ingester;
import io.skald.ingester.api.IngesterUnavailableException;
import io.skald.ingester.api.PushResult;
import io.skald.ingester.api.StreamEntries;
import io.skald.ingester.api.StreamPush;
import io.skald.store.api.ChunkStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester's engine, free of OSGi so tests can drive it directly: its lifecycle, the read side
 * and the hand-offs to tails and observers. The push path is {@link Pusher} (per-stream locks behind
 * a short sequencer, {@link Streams}), the flush path {@link Flusher}, the WAL replay
 * {@link WalReplay}. The running/stopped gate is a read-write lock: pushes, reads and flushes share
 * it, stop takes it exclusively, so a stop waits for those under way and refuses the ones after.
 */
final class IngesterCore implements Ingester {
    private static final Logger log = LoggerFactory.getLogger(IngesterCore.class);

    private final Settings settings;
    private final ChunkStore store;
    private final IngesterMetrics metrics;
    private final Streams streams;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private Wal wal;
    // made in start(), before the gate opens; the gate's lock publishes them
    private Pusher pusher;
    private Flusher flusher;
    private boolean running;

    IngesterCore(Settings settings, ChunkStore store, IngesterMetrics metrics) {
        this.settings = settings;
        this.store = store;
        this.metrics = metrics;
        this.streams = new Streams(settings, metrics);
    }

    /** Replays the WAL into memory and opens it for appends. Slow work: runs in the module's Starting. */
    void start() throws IOException {
        if (settings.walDir() != null) {
            long t0 = System.nanoTime();
            wal = new Wal(settings.walDir(), settings.walSegmentBytes(), settings.syncPolicy());
            WalReplay replay = new WalReplay(wal, streams);
            replay.run();
            wal.open();
            double seconds = (System.nanoTime() - t0) / 1e9;
            metrics.walReplayDuration.set(seconds);
            metrics.walCorruptions.inc(wal.corruptions());
            log.info(
                    "WAL replayed in {} ms: {} records, {} entries into {} streams",
                    Math.round(seconds * 1000),
                    replay.records,
                    replay.entries[0],
                    streamCount());
        }
        gate.writeLock().lock();
        try {
            pusher = new Pusher(streams, wal, metrics);
            flusher = new Flusher(settings, store, streams, wal, metrics);
            running = true;
        } finally {
            gate.writeLock().unlock();
        }
    }

    @Override
    public PushResult push(String tenant, List<StreamPush> pushes) throws IngesterUnavailableException {
        if (!gate.readLock().tryLock()) {
            throw unavailable();
        }
        try {
            if (!running) {
                throw unavailable();
            }
            Pusher.Pushed pushed = pusher.push(tenant, pushes);
            handOff(tenant, pushed.kept());
            return pushed.result();
        } catch (IOException e) {
            throw new UncheckedIOException("WAL write failed", e);
        } finally {
            gate.readLock().unlock();
        }
    }

    /** The push is acknowledged (durable) now: live tails and observers may see it. */
    private void handOff(String tenant, List<WalRecords.StreamEntries> kept) {
        if (!tailers.isEmpty()) {
            for (Tailer t : tailers) {
                if (!t.tenant().equals(tenant)) {
                    continue;
                }
                for (WalRecords.StreamEntries k : kept) {
                    if (t.streams().test(k.labels())) {
                        t.sink().accept(new StreamEntries(k.labels(), k.entries()));
                    }
                }
            }
        }
        if (!observers.isEmpty() && !kept.isEmpty()) {
            handToObservers(tenant, kept);
        }
    }

    /** A live tail's subscription. */
    private record Tailer(String tenant, Predicate<Labels> streams, Consumer<StreamEntries> sink) {}

    private final Set<Tailer> tailers = ConcurrentHashMap.newKeySet();

    @Override
    public AutoCloseable tail(String tenant, Predicate<Labels> streams, Consumer<StreamEntries> sink)
            throws IngesterUnavailableException {
        return read(() -> {
            Tailer t = new Tailer(tenant, streams, sink);
            tailers.add(t);
            return () -> tailers.remove(t);
        });
    }

    private final Set<BiConsumer<String, List<StreamEntries>>> observers = ConcurrentHashMap.newKeySet();

    @Override
    public AutoCloseable observe(BiConsumer<String, List<StreamEntries>> sink) throws IngesterUnavailableException {
        return read(() -> {
            observers.add(sink);
            return () -> observers.remove(sink);
        });
    }

    /** One list per push for all observers; an observer's failure must not turn an acknowledged push into an error. */
    private void handToObservers(String tenant, List<WalRecords.StreamEntries> kept) {
        List<StreamEntries> pushed = new ArrayList<>(kept.size());
        for (WalRecords.StreamEntries k : kept) {
            pushed.add(new StreamEntries(k.labels(), k.entries()));
        }
        List<StreamEntries> view = Collections.unmodifiableList(pushed);
        for (BiConsumer<String, List<StreamEntries>> o : observers) {
            try {
                o.accept(tenant, view);
            } catch (RuntimeException e) {
                log.warn("a push observer failed; the push stays acknowledged", e);
            }
        }
    }

    @Override
    public List<StreamEntries> select(String tenant, Predicate<Labels> matches, long fromNanos, long throughNanos)
            throws IngesterUnavailableException {
        return read(() -> {
            List<StreamEntries> out = new ArrayList<>();
            // Each stream under its own lock: consistent per stream, and pushes to others go on.
            for (MemoryStream s : streams.of(tenant)) {
                if (matches.test(s.labels)) {
                    List<Entry> entries;
                    s.lock.lock();
                    try {
                        entries = s.entries(fromNanos, throughNanos);
                    } finally {
                        s.lock.unlock();
                    }
                    if (!entries.isEmpty()) {
                        out.add(new StreamEntries(s.labels, entries));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<Labels> series(String tenant, Predicate<Labels> matches) throws IngesterUnavailableException {
        return read(() -> {
            List<Labels> out = new ArrayList<>();
            for (MemoryStream s : streams.of(tenant)) {
                if (matches.test(s.labels)) {
                    out.add(s.labels);
                }
            }
            return out;
        });
    }

    private interface Read<T> {
        T run() throws IOException;
    }

    private <T> T read(Read<T> read) throws IngesterUnavailableException {
        if (!gate.readLock().tryLock()) {
            throw unavailable();
        }
        try {
            if (!running) {
                throw unavailable();
            }
            return read.run();
        } catch (IOException e) {
            throw new UncheckedIOException("reading in-memory chunks failed", e);
        } finally {
            gate.readLock().unlock();
        }
    }

    int streamCount() {
        return streams.count();
    }

    @Override
    public void flush() throws IngesterUnavailableException {
        if (!gate.readLock().tryLock()) {
            throw unavailable();
        }
        try {
            if (!running) {
                throw unavailable();
            }
            flusher.flush(true, "forced");
        } catch (IOException e) {
            throw new UncheckedIOException("flush failed", e);
        } finally {
            gate.readLock().unlock();
        }
    }

    /** The periodic check: cut chunks that are due, write every cut chunk. */
    void flushDue() throws IOException {
        if (gate.readLock().tryLock()) {
            try {
                if (running) {
                    flusher.flush(false, null);
                }
            } finally {
                gate.readLock().unlock();
            }
        }
    }

    /** Over the memory budget, the biggest streams' chunks are flushed early (see {@link Flusher}). */
    void enforceMemoryBudget() throws IOException {
        if (gate.readLock().tryLock()) {
            try {
                if (running) {
                    flusher.enforceMemoryBudget();
                }
            } finally {
                gate.readLock().unlock();
            }
        }
    }

    /** Stops taking pushes (waiting for those under way), flushes if configured, closes the WAL. */
    void stop() throws IOException {
        gate.writeLock().lock();
        try {
            if (!running && wal == null) {
                return;
            }
            running = false;
        } finally {
            gate.writeLock().unlock();
        }
        try {
            if (settings.flushOnShutdown() && flusher != null) {
                flusher.flush(true, "shutdown");
            }
        } finally {
            if (wal != null) {
                wal.close();
                wal = null;
            }
        }
    }

    private static IngesterUnavailableException unavailable() {
        return new IngesterUnavailableException("ingester is not available: module ingester is stopping or stopped");
    }
}
