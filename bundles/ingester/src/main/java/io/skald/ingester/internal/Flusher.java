// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import io.skald.store.api.ChunkRef;
import io.skald.store.api.ChunkStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flush path: cut chunks that are due, write them to the store, commit their refs to the
 * index, and only then log FLUSHED marks; drop WAL segments once no stream needs them. Each stream
 * is read and cut under its own lock, so a flush holds up only pushes to the stream it is cutting.
 */
final class Flusher {
    private static final Logger log = LoggerFactory.getLogger(Flusher.class);

    private final Settings settings;
    private final ChunkStore store;
    private final Streams streams;
    private final Wal wal; // null: no WAL configured
    private final IngesterMetrics metrics;
    private final ReentrantLock flushLock = new ReentrantLock();

    Flusher(Settings settings, ChunkStore store, Streams streams, Wal wal, IngesterMetrics metrics) {
        this.settings = settings;
        this.store = store;
        this.streams = streams;
        this.wal = wal;
        this.metrics = metrics;
    }

    /**
     * Keeps the in-memory chunks under the memory budget: over it, the biggest streams' chunks are cut
     * and flushed until they hold under 60% of it. A hard cap, where Loki's ingesters grow until killed.
     */
    void enforceMemoryBudget() throws IOException {
        List<MemoryStream> all = streams.all();
        long[] sizes = new long[all.size()];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            MemoryStream s = all.get(i);
            s.lock.lock();
            try {
                sizes[i] = s.memoryBytes();
            } finally {
                s.lock.unlock();
            }
            total += sizes[i];
        }
        if (total <= settings.memoryBudgetBytes()) {
            return;
        }
        Integer[] order = new Integer[sizes.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(sizes[b], sizes[a]));
        long target = settings.memoryBudgetBytes() * 6 / 10;
        for (int i : order) {
            if (total <= target) {
                break;
            }
            MemoryStream s = all.get(i);
            s.lock.lock();
            try {
                total -= s.memoryBytes();
                s.cutOpen("memory");
            } finally {
                s.lock.unlock();
            }
        }
        flush(false, null);
    }

    void flush(boolean all, String allReason) throws IOException {
        flushLock.lock();
        try {
            long now = System.nanoTime();
            List<MemoryStream> withChunks = new ArrayList<>();
            List<List<MemoryStream.CutChunk>> batches = new ArrayList<>();
            for (MemoryStream s : streams.all()) {
                s.lock.lock();
                try {
                    String reason = all ? allReason : s.dueReason(now);
                    if (reason != null) {
                        s.cutOpen(reason);
                    }
                    if (!s.cut.isEmpty()) {
                        withChunks.add(s);
                        batches.add(new ArrayList<>(s.cut));
                    }
                } finally {
                    s.lock.unlock();
                }
            }
            if (withChunks.isEmpty()) {
                streams.dropIdle(now);
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
            markFlushed(withChunks, batches);
            streams.dropIdle(now);
            if (wal != null) {
                wal.deleteSegmentsBefore(minUnflushedSeq());
                metrics.walBytesInUse.set(wal.bytesInUse());
            }
            log.debug("flushed {} chunks", refs.size());
        } finally {
            flushLock.unlock();
        }
    }

    /**
     * Logs one FLUSHED mark per stream, then forgets the stored chunks. A mark waits for the records
     * it covers to be in the log first (see {@link Streams}): the chunks were cut after their entries
     * were applied, but a push applies before it appends, so its record may still be on its way.
     */
    private void markFlushed(List<MemoryStream> withChunks, List<List<MemoryStream.CutChunk>> batches)
            throws IOException {
        long[] upTo = new long[withChunks.size()];
        long maxUpTo = 0;
        for (int i = 0; i < upTo.length; i++) {
            for (MemoryStream.CutChunk c : batches.get(i)) {
                upTo[i] = Math.max(upTo[i], c.maxSeq());
            }
            maxUpTo = Math.max(maxUpTo, upTo[i]);
        }
        long lastPosition = -1;
        if (wal != null) {
            streams.awaitLogged(maxUpTo);
            long seq = streams.nextSeqs(upTo.length); // above every upTo: those were handed out already
            for (int i = 0; i < upTo.length; i++) {
                MemoryStream s = withChunks.get(i);
                lastPosition = wal.append(WalRecords.flushed(seq + i, s.tenant, s.labelText, upTo[i]), seq + i);
            }
        }
        for (int i = 0; i < upTo.length; i++) {
            MemoryStream s = withChunks.get(i);
            s.lock.lock();
            try {
                s.cut.removeAll(batches.get(i));
            } finally {
                s.lock.unlock();
            }
        }
        if (wal != null) {
            wal.sync(lastPosition);
        }
    }

    /**
     * The oldest sequence number whose entries are not all in the store. The sequencer's part is
     * read first: a push is then either counted there (in flight) or was applied before the streams
     * below are read, so it cannot slip between the two.
     */
    private long minUnflushedSeq() {
        long min = streams.oldestNeeded();
        for (MemoryStream s : streams.all()) {
            s.lock.lock();
            try {
                min = Math.min(min, s.minUnflushedSeq());
            } finally {
                s.lock.unlock();
            }
        }
        return min;
    }
}
