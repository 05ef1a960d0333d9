// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import io.skald.spi.log.Labels;
import io.skald.store.api.ChunkBuilder;
import io.skald.store.api.Entry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One stream in memory: the open chunk (its head block and sealed blocks) and the chunks cut but
 * not yet flushed. Guarded by the ingester's append lock.
 */
final class MemoryStream {
    /** A cut chunk waiting to be written, with the WAL sequence range of its entries. */
    record CutChunk(byte[] data, long fromNanos, long throughNanos, int entries, long uncompressedSize,
                    long minSeq, long maxSeq, String reason) {
    }

    final String tenant;
    final Labels labels;
    private final Settings settings;
    private ChunkBuilder open;
    private Set<Entry> openEntries = new HashSet<>();
    private long openSince;
    private long openMinSeq = Long.MAX_VALUE;
    private long openMaxSeq = -1;
    final List<CutChunk> cut = new ArrayList<>();
    long newestTs = Long.MIN_VALUE;
    long lastAppendNanos;

    MemoryStream(String tenant, Labels labels, Settings settings) {
        this.tenant = tenant;
        this.labels = labels;
        this.settings = settings;
    }

    /** Outcome of offering one entry. */
    enum Offer { ACCEPTED, DUPLICATE, TOO_FAR_BEHIND }

    /** Checks an entry without keeping it: what {@link #append} would do. */
    Offer check(Entry e) {
        if (newestTs != Long.MIN_VALUE && e.timestampNanos() < newestTs - settings.windowNanos()) {
            return Offer.TOO_FAR_BEHIND;
        }
        return openEntries.contains(e) ? Offer.DUPLICATE : Offer.ACCEPTED;
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
        openEntries.add(e);
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
        cut.add(new CutChunk(data, open.minTs(), open.maxTs(), open.entries(), open.uncompressedSize(), openMinSeq,
                openMaxSeq, reason));
        open = null;
        openEntries = new HashSet<>();
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

    boolean isEmpty() {
        return open == null && cut.isEmpty();
    }

    int openEntries() {
        return open == null ? 0 : open.entries();
    }
}
