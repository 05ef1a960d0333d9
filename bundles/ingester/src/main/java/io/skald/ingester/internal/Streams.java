// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.ingester.api.StreamPush;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory streams of every tenant and the sequencer that orders pushes.
 *
 * <p>The sequencer is the one short serial section of the write path: under its lock a push gets
 * its WAL sequence number, its streams are looked up or created (so a tenant's stream limit is
 * exact), and its batches are queued on those streams. Nothing else happens there: deciding,
 * appending, compressing and WAL encoding run under each stream's own lock or under none. Because
 * batches are queued in sequence order under this lock, every stream applies them in sequence
 * order, whatever order the pushes' threads reach the streams in.
 *
 * <p>Sequence numbers are therefore handed out before the WAL append, and records can reach the
 * log out of sequence order (push 7 may finish encoding before push 6). What depends on that:
 * <ul>
 *   <li>a FLUSHED mark must not reach the log before the records it covers, or a segment holding
 *       the mark could be deleted while a later segment still holds a covered record, which replay
 *       would then store a second time: {@link #awaitLogged} holds the mark back until every
 *       sequenced push up to its {@code upTo} has appended its record (or given up);</li>
 *   <li>segment deletion ({@link Flusher}) compares a segment's highest seq with the oldest seq
 *       still needed, which includes pushes sequenced but not yet applied or logged
 *       ({@link #oldestNeeded});</li>
 *   <li>replay ({@link WalReplay}) applies ENTRIES records in sequence order, not file order.</li>
 * </ul>
 */
final class Streams {
    private final Settings settings;
    private final IngesterMetrics metrics;
    private final Map<String, Map<Labels, MemoryStream>> tenants = new ConcurrentHashMap<>();
    private final ReentrantLock sequencer = new ReentrantLock();
    /** Sequence numbers handed to pushes whose record is not yet appended (or abandoned). */
    private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();

    private long nextSeq = 1; // guarded by sequencer

    Streams(Settings settings, IngesterMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /** One push, sequenced: its number and one batch per stream pushed ({@code null} where the limit refused it). */
    record Sequenced(long seq, StreamBatch[] batches) {}

    /** Gives the push its sequence number and queues its batches; the caller must {@link #logged} it after. */
    Sequenced sequence(String tenant, List<StreamPush> pushes, long now) {
        StreamBatch[] batches = new StreamBatch[pushes.size()];
        sequencer.lock();
        try {
            long seq = nextSeq++;
            inFlight.add(seq);
            try {
                for (int i = 0; i < batches.length; i++) {
                    StreamPush p = pushes.get(i);
                    MemoryStream s = stream(tenant, p.labels(), true);
                    if (s != null) {
                        batches[i] = new StreamBatch(tenant, s, seq, p.entries(), now);
                        s.queue.add(batches[i]);
                    }
                }
            } catch (RuntimeException | Error e) {
                // batches already queued are applied by the next drain of their stream, and not logged
                inFlight.remove(seq);
                throw e;
            }
            return new Sequenced(seq, batches);
        } finally {
            sequencer.unlock();
        }
    }

    /** The push with this number has appended its record, or will never append one. */
    void logged(long seq) {
        inFlight.remove(seq);
    }

    /**
     * Waits until every push sequenced up to {@code seq} has appended its record. Pushes in flight
     * hold no lock the caller holds and take a few milliseconds, so a short park loop suffices.
     */
    void awaitLogged(long seq) {
        while (true) {
            Long first = inFlight.ceiling(Long.MIN_VALUE);
            if (first == null || first > seq) {
                return;
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Numbers for records that are not pushes (FLUSHED marks): above every number handed out. */
    long nextSeqs(int n) {
        sequencer.lock();
        try {
            long first = nextSeq;
            nextSeq += n;
            return first;
        } finally {
            sequencer.unlock();
        }
    }

    /**
     * The oldest sequence number the log must keep: the lowest in flight, or the next to be handed
     * out. Taken under the sequencer so a push is either counted here or was applied before it; the
     * caller then lowers it by each stream's own oldest unflushed number.
     */
    long oldestNeeded() {
        sequencer.lock();
        try {
            long min = nextSeq;
            Long first = inFlight.ceiling(Long.MIN_VALUE); // null when none is in flight
            if (first != null) {
                min = Math.min(min, first);
            }
            return min;
        } finally {
            sequencer.unlock();
        }
    }

    /** After replay: numbering continues above every number in the log. */
    void resumeAfter(long maxSeq) {
        sequencer.lock();
        try {
            nextSeq = Math.max(nextSeq, maxSeq + 1);
        } finally {
            sequencer.unlock();
        }
    }

    /**
     * The stream, created if the tenant is under its limit (asked only for a new stream, as the limit
     * may change while running); {@code null} when it is not. Under the sequencer, or in replay.
     */
    private MemoryStream stream(String tenant, Labels labels, boolean limited) {
        Map<Labels, MemoryStream> streams = tenants.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
        MemoryStream s = streams.get(labels);
        if (s == null) {
            int limit = limited ? settings.maxStreamsPerTenant().applyAsInt(tenant) : 0;
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

    /** A tenant's streams; iteration is weakly consistent, each stream read under its own lock. */
    Iterable<MemoryStream> of(String tenant) {
        Map<Labels, MemoryStream> streams = tenants.get(tenant);
        return streams == null ? List.of() : streams.values();
    }

    /** A snapshot list of every stream of every tenant. */
    List<MemoryStream> all() {
        List<MemoryStream> out = new ArrayList<>();
        for (Map<Labels, MemoryStream> streams : tenants.values()) {
            out.addAll(streams.values());
        }
        return out;
    }

    int count() {
        return tenants.values().stream().mapToInt(Map::size).sum();
    }

    /**
     * Drops streams that hold nothing and have been idle. Under the sequencer, so no push is queueing
     * a batch on a stream being dropped; a stream with a batch still queued is kept.
     */
    void dropIdle(long now) {
        sequencer.lock();
        try {
            for (Map.Entry<String, Map<Labels, MemoryStream>> t : tenants.entrySet()) {
                t.getValue().values().removeIf(s -> {
                    s.lock.lock();
                    try {
                        boolean idle =
                                s.isEmpty() && s.queue.isEmpty() && now - s.lastAppendNanos >= settings.idleNanos();
                        if (idle) {
                            metrics.memoryStreams.labels(t.getKey()).dec();
                        }
                        return idle;
                    } finally {
                        s.lock.unlock();
                    }
                });
            }
        } finally {
            sequencer.unlock();
        }
    }

    /** Replay's way in: single-threaded, before any push, so no lock and no limit. */
    void replayed(String tenant, Labels labels, List<Entry> entries, long seq, long now, int[] applied)
            throws IOException {
        MemoryStream stream = stream(tenant, labels, false);
        for (Entry e : entries) {
            if (stream.check(e) == MemoryStream.Offer.ACCEPTED) {
                stream.append(e, seq, now);
                applied[0]++;
            }
        }
    }
}
