// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.ingester.api.Ingester;
import io.skald.ingester.api.IngesterUnavailableException;
import io.skald.ingester.api.PushResult;
import io.skald.ingester.api.StreamEntries;
import io.skald.ingester.api.StreamPush;
import io.skald.store.api.ChunkRef;
import io.skald.store.api.ChunkStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester's engine, free of OSGi so tests can drive it directly.
 *
 * <p>A push is decided, logged and applied under one append lock (so the WAL order is the memory
 * order), then made durable by a group-committed sync outside it. A flush writes cut chunks to the
 * store, commits their refs to the index, and only then logs FLUSHED markers; segments are dropped
 * once no stream needs them. The running/stopped gate is a read-write lock: pushes share it, stop
 * takes it exclusively, so a stop waits for pushes under way and refuses the ones after.
 */
final class IngesterCore implements Ingester {
    private static final Logger log = LoggerFactory.getLogger(IngesterCore.class);
    private static final int MAX_RETURNED_ERRORS = 10;
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss.SSSSSSSSS 'Z' 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Settings settings;
    private final ChunkStore store;
    private final IngesterMetrics metrics;
    private final Map<String, Map<Labels, MemoryStream>> tenants = new ConcurrentHashMap<>();
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock flushLock = new ReentrantLock();
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private Wal wal;
    private long nextSeq = 1;
    private boolean running;

    IngesterCore(Settings settings, ChunkStore store, IngesterMetrics metrics) {
        this.settings = settings;
        this.store = store;
        this.metrics = metrics;
    }

    /** Replays the WAL into memory and opens it for appends. Slow work: runs in the module's Starting. */
    void start() throws IOException {
        if (settings.walDir() != null) {
            long t0 = System.nanoTime();
            wal = new Wal(settings.walDir(), settings.walSegmentBytes(), settings.syncPolicy());
            int[] counts = replay();
            wal.open();
            double seconds = (System.nanoTime() - t0) / 1e9;
            metrics.walReplayDuration.set(seconds);
            metrics.walCorruptions.inc(wal.corruptions());
            log.info(
                    "WAL replayed in {} ms: {} records, {} entries into {} streams",
                    Math.round(seconds * 1000),
                    counts[0],
                    counts[1],
                    streamCount());
        }
        gate.writeLock().lock();
        try {
            running = true;
        } finally {
            gate.writeLock().unlock();
        }
    }

    /** Two passes: first learn what is flushed already, then apply only what is not. */
    private int[] replay() throws IOException {
        Map<String, Long> flushedUpTo = new HashMap<>();
        long[] maxSeq = {0};
        wal.replay(
                payload -> {
                    WalRecords.Decoded r = WalRecords.decode(payload);
                    maxSeq[0] = Math.max(maxSeq[0], r.seq());
                    if (r.type() == WalRecords.FLUSHED) {
                        flushedUpTo.merge(r.tenant() + r.flushedLabels(), r.flushedUpTo(), Math::max);
                    }
                },
                WalRecords::seq);
        int[] counts = new int[2];
        long now = System.nanoTime();
        wal.replay(
                payload -> {
                    WalRecords.Decoded r = WalRecords.decode(payload);
                    counts[0]++;
                    if (r.type() != WalRecords.ENTRIES) {
                        return;
                    }
                    for (WalRecords.StreamEntries s : r.streams()) {
                        if (r.seq() <= flushedUpTo.getOrDefault(r.tenant() + s.labels(), 0L)) {
                            continue;
                        }
                        MemoryStream stream = stream(r.tenant(), s.labels(), true);
                        for (Entry e : s.entries()) {
                            if (stream.check(e) == MemoryStream.Offer.ACCEPTED) {
                                stream.append(e, r.seq(), now);
                                counts[1]++;
                            }
                        }
                    }
                },
                WalRecords::seq);
        nextSeq = maxSeq[0] + 1;
        return counts;
    }

    @Override
    public PushResult push(String tenant, List<StreamPush> streams) throws IngesterUnavailableException {
        if (!gate.readLock().tryLock()) {
            throw unavailable();
        }
        try {
            if (!running) {
                throw unavailable();
            }
            return doPush(tenant, streams);
        } catch (IOException e) {
            throw new UncheckedIOException("WAL write failed", e);
        } finally {
            gate.readLock().unlock();
        }
    }

    /**
     * Decides and applies each entry in order under the append lock, so a duplicate later in the same
     * push is caught too; then logs exactly the applied entries. Memory may briefly hold entries whose
     * record is not yet synced: they are not acknowledged until it is.
     */
    private PushResult doPush(String tenant, List<StreamPush> streams) throws IOException {
        List<String> errors = new ArrayList<>();
        boolean limited = false;
        int accepted = 0;
        int duplicates = 0;
        long position = -1;
        long now = System.nanoTime();
        List<WalRecords.StreamEntries> keep = new ArrayList<>(streams.size());
        appendLock.lock();
        try {
            long seq = nextSeq;
            for (StreamPush push : streams) {
                MemoryStream stream = stream(tenant, push.labels(), false);
                if (stream == null) {
                    limited = true;
                    errors.add("Maximum active stream limit exceeded when trying to create stream " + push.labels()
                            + ", reduce the number of active streams (reduce labels or reduce label values), or contact"
                            + " your Loki administrator to see if the limit can be increased, user: '" + tenant + "'");
                    continue;
                }
                List<Entry> ok = new ArrayList<>(push.entries().size());
                List<String> refused = new ArrayList<>();
                int refusedCount = 0;
                for (Entry e : push.entries()) {
                    switch (stream.check(e)) {
                        case ACCEPTED -> {
                            stream.append(e, seq, now);
                            ok.add(e);
                        }
                        case DUPLICATE -> duplicates++;
                        case TOO_FAR_BEHIND -> {
                            refusedCount++;
                            if (refused.size() < MAX_RETURNED_ERRORS) {
                                refused.add("entry with timestamp " + goTime(e.timestampNanos())
                                        + " ignored, reason: 'entry too far behind, entry timestamp is: "
                                        + rfc3339(e.timestampNanos()) + ", oldest acceptable timestamp is: "
                                        + rfc3339(stream.cutoffNanos()) + "',");
                            }
                        }
                    }
                }
                if (refusedCount > 0) {
                    refused.add("user '" + tenant + "', total ignored: " + refusedCount + " out of "
                            + push.entries().size() + " for stream: " + push.labels());
                    errors.add(String.join("\n", refused));
                }
                if (!ok.isEmpty()) {
                    keep.add(new WalRecords.StreamEntries(push.labels(), ok));
                    accepted += ok.size();
                }
            }
            if (!keep.isEmpty()) {
                nextSeq++;
                if (wal != null) {
                    ByteBuffer record = WalRecords.entries(seq, tenant, keep);
                    int size = record.remaining();
                    position = wal.append(record, seq);
                    metrics.walRecords.inc();
                    metrics.walBytes.inc(size + Wal.HEADER);
                }
            }
        } finally {
            appendLock.unlock();
        }
        if (position >= 0) {
            wal.sync(position);
        }
        if (!tailers.isEmpty()) { // acknowledged now: live tails may see it
            for (Tailer t : tailers) {
                if (!t.tenant().equals(tenant)) {
                    continue;
                }
                for (WalRecords.StreamEntries k : keep) {
                    if (t.streams().test(k.labels())) {
                        t.sink().accept(new StreamEntries(k.labels(), k.entries()));
                    }
                }
            }
        }
        if (!observers.isEmpty() && !keep.isEmpty()) {
            handToObservers(tenant, keep);
        }
        if (duplicates > 0) {
            metrics.duplicates.labels(tenant).inc(duplicates);
        }
        return new PushResult(accepted, duplicates, errors, limited);
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
            Map<Labels, MemoryStream> streams = tenants.get(tenant);
            if (streams == null) {
                return out;
            }
            // Under the append lock: a consistent view, at the price of holding pushes for the read.
            appendLock.lock();
            try {
                for (MemoryStream s : streams.values()) {
                    if (matches.test(s.labels)) {
                        List<Entry> entries = s.entries(fromNanos, throughNanos);
                        if (!entries.isEmpty()) {
                            out.add(new StreamEntries(s.labels, entries));
                        }
                    }
                }
            } finally {
                appendLock.unlock();
            }
            return out;
        });
    }

    @Override
    public List<Labels> series(String tenant, Predicate<Labels> matches) throws IngesterUnavailableException {
        return read(() -> {
            List<Labels> out = new ArrayList<>();
            Map<Labels, MemoryStream> streams = tenants.get(tenant);
            if (streams != null) {
                appendLock.lock();
                try {
                    for (Labels l : streams.keySet()) {
                        if (matches.test(l)) {
                            out.add(l);
                        }
                    }
                } finally {
                    appendLock.unlock();
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

    /** The stream, created if the tenant is under its limit; {@code null} when it is not. */
    private MemoryStream stream(String tenant, Labels labels, boolean ignoreLimit) {
        Map<Labels, MemoryStream> streams = tenants.computeIfAbsent(tenant, t -> new HashMap<>());
        MemoryStream s = streams.get(labels);
        if (s == null) {
            int limit = ignoreLimit ? 0 : settings.maxStreamsPerTenant().applyAsInt(tenant);
            if (limit > 0 && streams.size() >= limit) {
                return null;
            }
            s = new MemoryStream(tenant, labels, settings);
            streams.put(labels, s);
            metrics.streamsCreated.labels(tenant).inc();
            metrics.memoryStreams.labels(tenant).inc();
        }
        return s;
    }

    int streamCount() {
        return tenants.values().stream().mapToInt(Map::size).sum();
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
            flush(true, "forced");
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
                    flush(false, null);
                }
            } finally {
                gate.readLock().unlock();
            }
        }
    }

    /**
     * Keeps the in-memory chunks under the memory budget: over it, the biggest streams' chunks are cut
     * and flushed until they hold under 60% of it. A hard cap, where Loki's ingesters grow until killed.
     */
    void enforceMemoryBudget() throws IOException {
        if (!gate.readLock().tryLock()) {
            return;
        }
        try {
            if (!running) {
                return;
            }
            List<MemoryStream> all = new ArrayList<>();
            long total = 0;
            appendLock.lock();
            try {
                for (Map<Labels, MemoryStream> streams : tenants.values()) {
                    for (MemoryStream s : streams.values()) {
                        all.add(s);
                        total += s.memoryBytes();
                    }
                }
                if (total <= settings.memoryBudgetBytes()) {
                    return;
                }
                all.sort((a, b) -> Long.compare(b.memoryBytes(), a.memoryBytes()));
                long target = settings.memoryBudgetBytes() * 6 / 10;
                for (MemoryStream s : all) {
                    if (total <= target) {
                        break;
                    }
                    total -= s.memoryBytes();
                    s.cutOpen("memory");
                }
            } finally {
                appendLock.unlock();
            }
            flush(false, null);
        } finally {
            gate.readLock().unlock();
        }
    }

    private void flush(boolean all, String allReason) throws IOException {
        flushLock.lock();
        try {
            long now = System.nanoTime();
            List<MemoryStream> withChunks = new ArrayList<>();
            List<List<MemoryStream.CutChunk>> batches = new ArrayList<>();
            appendLock.lock();
            try {
                for (Map<Labels, MemoryStream> streams : tenants.values()) {
                    for (MemoryStream s : streams.values()) {
                        String reason = all ? allReason : s.dueReason(now);
                        if (reason != null) {
                            s.cutOpen(reason);
                        }
                        if (!s.cut.isEmpty()) {
                            withChunks.add(s);
                            batches.add(new ArrayList<>(s.cut));
                        }
                    }
                }
            } finally {
                appendLock.unlock();
            }
            if (withChunks.isEmpty()) {
                return;
            }
            List<ChunkRef> refs = new ArrayList<>();
            for (int i = 0; i < withChunks.size(); i++) {
                MemoryStream s = withChunks.get(i);
                for (MemoryStream.CutChunk c : batches.get(i)) {
                    refs.add(store.putChunk(
                            s.tenant,
                            s.labels,
                            c.data(),
                            c.fromNanos(),
                            c.throughNanos(),
                            c.entries(),
                            c.uncompressedSize()));
                    metrics.chunksFlushed.labels(c.reason()).inc();
                    metrics.chunkSize.observe(c.data().length);
                    metrics.chunkEntries.observe(c.entries());
                    metrics.chunkCompression.observe((double) c.uncompressedSize() / Math.max(1, c.data().length));
                }
            }
            store.commitIndex(refs);
            long lastPosition = -1;
            appendLock.lock();
            try {
                for (int i = 0; i < withChunks.size(); i++) {
                    MemoryStream s = withChunks.get(i);
                    List<MemoryStream.CutChunk> done = batches.get(i);
                    long upTo = done.stream()
                            .mapToLong(MemoryStream.CutChunk::maxSeq)
                            .max()
                            .orElse(0);
                    if (wal != null) {
                        long seq = nextSeq++;
                        lastPosition = wal.append(WalRecords.flushed(seq, s.tenant, s.labels, upTo), seq);
                    }
                    s.cut.removeAll(done);
                }
                dropIdleStreams(now);
            } finally {
                appendLock.unlock();
            }
            if (wal != null) {
                wal.sync(lastPosition);
                wal.deleteSegmentsBefore(minUnflushedSeq());
                metrics.walBytesInUse.set(wal.bytesInUse());
            }
            log.debug("flushed {} chunks", refs.size());
        } finally {
            flushLock.unlock();
        }
    }

    private void dropIdleStreams(long now) {
        for (Map.Entry<String, Map<Labels, MemoryStream>> t : tenants.entrySet()) {
            t.getValue().values().removeIf(s -> {
                boolean idle = s.isEmpty() && now - s.lastAppendNanos >= settings.idleNanos();
                if (idle) {
                    metrics.memoryStreams.labels(t.getKey()).dec();
                }
                return idle;
            });
        }
    }

    private long minUnflushedSeq() {
        appendLock.lock();
        try {
            long min = nextSeq;
            for (Map<Labels, MemoryStream> streams : tenants.values()) {
                for (MemoryStream s : streams.values()) {
                    min = Math.min(min, s.minUnflushedSeq());
                }
            }
            return min;
        } finally {
            appendLock.unlock();
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
            if (settings.flushOnShutdown()) {
                flush(true, "shutdown");
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

    /** Go's time.Time.String() in UTC, as Loki's error texts print entry timestamps. */
    static String goTime(long nanos) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        String s = GO_TIME.format(t); // fixed 9 fraction digits; Go trims trailing zeros
        int dot = s.indexOf('.');
        int space = s.indexOf(' ', dot);
        String fraction = s.substring(dot + 1, space).replaceAll("0+$", "");
        return s.substring(0, dot) + (fraction.isEmpty() ? "" : "." + fraction) + " +0000 UTC";
    }

    static String rfc3339(long nanos) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L)));
    }
}
