// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.store.chunks.ChunkBuilder;
import io.skald.store.chunks.ChunkReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One stream in memory: the open chunk (its head block and sealed blocks) and the chunks cut but
 * not yet flushed. Every field below {@link #lock} is guarded by it; pushes to different streams
 * never wait for each other.
 *
 * <p>Pushes do not append directly: the sequencer ({@link Streams#sequence}) queues each push's
 * batch here in the order of the pushes' WAL sequence numbers, and whichever push holds the lock
 * applies the queued batches in that order ({@link #drain}). So within one stream entries are
 * decided and applied in sequence order, which is what makes a cut chunk's {@code [minSeq, maxSeq]}
 * a prefix of the stream's records and a FLUSHED mark exact.
 */
final class MemoryStream {
    /** A cut chunk waiting to be written, with the WAL sequence range of its entries. */
    record CutChunk(
            byte[] data,
            long fromNanos,
            long throughNanos,
            int entries,
            long uncompressedSize,
            long minSeq,
            long maxSeq,
            String reason) {}

    final String tenant;
    final Labels labels;
    /** The canonical label text, made once: WAL records and flush markers name the stream by it. */
    final String labelText;

    final ReentrantLock lock = new ReentrantLock();
    /** Batches sequenced but not yet applied, in sequence order; offered under the sequencer's lock. */
    final Queue<StreamBatch> queue = new ConcurrentLinkedQueue<>();

    private final Settings settings;
    private ChunkBuilder open;
    /**
     * The head block's entries by timestamp, for duplicate checks, built only once an entry arrives
     * that is not newer than every other: an in-order stream never pays for it. Like Loki's, the
     * check does not reach blocks already sealed.
     */
    private Map<Long, Object> headByTs;

    private long openSince;
    private long openMinSeq = Long.MAX_VALUE;
    private long openMaxSeq = -1;
    final List<CutChunk> cut = new ArrayList<>();
    long newestTs = Long.MIN_VALUE;
    long lastAppendNanos;

    MemoryStream(String tenant, Labels labels, Settings settings) {
        this.tenant = tenant;
        this.labels = labels;
        this.labelText = labels.toString();
        this.settings = settings;
    }

    /**
     * Applies queued batches in order until {@code mine} is applied (by this thread or by another
     * that held the lock first and applied it along with its own). Never called with another
     * stream's lock held, so no two pushes wait for each other in a cycle.
     */
    void drain(StreamBatch mine) {
        if (mine.isDone()) {
            return;
        }
        lock.lock();
        applyUntil(mine);
    }

    /**
     * {@link #drain} if the lock is free now; false if another push holds it (which may well apply
     * {@code mine} along with its own meanwhile), so the caller can go on with its other streams.
     */
    boolean tryDrain(StreamBatch mine) {
        if (mine.isDone()) {
            return true;
        }
        if (!lock.tryLock()) {
            return false;
        }
        applyUntil(mine);
        return true;
    }

    /** With the lock held: applies queued batches until {@code mine} is applied, then unlocks. */
    private void applyUntil(StreamBatch mine) {
        try {
            while (!mine.isDone()) {
                // mine is still queued, so the queue is not empty
                queue.poll().applyTo(this);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Outcome of offering one entry. */
    enum Offer {
        ACCEPTED,
        DUPLICATE,
        TOO_FAR_BEHIND
    }

    /** Checks an entry without keeping it: what {@link #append} would do. */
    Offer check(Entry e) {
        long ts = e.timestampNanos();
        if (ts > newestTs) {
            return Offer.ACCEPTED; // newer than everything: cannot repeat anything
        }
        if (ts < newestTs - settings.windowNanos()) {
            return Offer.TOO_FAR_BEHIND;
        }
        if (open == null) {
            return Offer.ACCEPTED;
        }
        if (headByTs == null) {
            headByTs = new HashMap<>();
            for (Entry h : open.headView()) {
                index(h);
            }
        }
        Object same = headByTs.get(ts);
        if (same instanceof Entry one) {
            return one.equals(e) ? Offer.DUPLICATE : Offer.ACCEPTED;
        }
        if (same instanceof List<?> many && many.contains(e)) {
            return Offer.DUPLICATE;
        }
        return Offer.ACCEPTED;
    }

    @SuppressWarnings("unchecked")
    private void index(Entry e) {
        headByTs.merge(e.timestampNanos(), e, (old, add) -> {
            List<Entry> list = old instanceof List<?> l ? (List<Entry>) l : new ArrayList<>(List.of((Entry) old));
            list.add((Entry) add);
            return list;
        });
    }

    long cutoffNanos() {
        return newestTs - settings.windowNanos();
    }

    void append(Entry e, long seq, long now) throws IOException {
        if (open == null) {
            open = new ChunkBuilder(settings.encoding(), settings.blockSize());
            openSince = now;
        }
        open.append(e);
        if (open.headEntries() == 0) {
            headByTs = null; // the head was just sealed into a block
        } else if (headByTs != null) {
            index(e);
        }
        openMinSeq = Math.min(openMinSeq, seq);
        openMaxSeq = Math.max(openMaxSeq, seq);
        newestTs = Math.max(newestTs, e.timestampNanos());
        lastAppendNanos = now;
        if (open.approximateSize() >= settings.targetSize()) {
            cutOpen("full");
        }
    }

    /** Whether the open chunk is due by age or idleness. */
    String dueReason(long now) {
        if (open == null) {
            return null;
        }
        if (now - openSince >= settings.maxChunkAgeNanos()) {
            return "max_age";
        }
        if (now - lastAppendNanos >= settings.idleNanos()) {
            return "idle";
        }
        return null;
    }

    void cutOpen(String reason) throws IOException {
        if (open == null || open.entries() == 0) {
            return;
        }
        byte[] data = open.build();
        cut.add(new CutChunk(
                data,
                open.minTs(),
                open.maxTs(),
                open.entries(),
                open.uncompressedSize(),
                openMinSeq,
                openMaxSeq,
                reason));
        open = null;
        headByTs = null;
        openMinSeq = Long.MAX_VALUE;
        openMaxSeq = -1;
    }

    /** The smallest WAL sequence number whose entries are not yet in the store, or MAX_VALUE. */
    long minUnflushedSeq() {
        long min = openMinSeq;
        for (CutChunk c : cut) {
            min = Math.min(min, c.minSeq());
        }
        return min;
    }

    /** Entries in [from, through] from the cut chunks and the open one, in no particular order. */
    List<Entry> entries(long from, long through) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (CutChunk c : cut) {
            if (c.throughNanos() < from || c.fromNanos() > through) {
                continue;
            }
            for (Entry e : new ChunkReader(c.data()).entries()) {
                if (e.timestampNanos() >= from && e.timestampNanos() <= through) {
                    out.add(e);
                }
            }
        }
        if (open != null) {
            out.addAll(open.entries(from, through));
        }
        return out;
    }

    /** Heap this stream's data holds, roughly: sealed blocks and cut chunks compressed, the head raw. */
    long memoryBytes() {
        long n = open == null ? 0 : open.approximateSize();
        for (CutChunk c : cut) {
            n += c.data().length;
        }
        return n;
    }

    boolean isEmpty() {
        return open == null && cut.isEmpty();
    }

    int openEntries() {
        return open == null ? 0 : open.entries();
    }
}
