// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays the WAL into memory in two passes: the first learns what is flushed already (FLUSHED
 * marks) and which ENTRIES records there are; the second applies only what is not flushed.
 *
 * <p>The second pass applies ENTRIES records in sequence order, not file order. Pushes get their
 * numbers before they append (see {@link Streams}), so the file may hold 7 before 6; live, every
 * stream applied 6 before 7, and replay must do the same, or the out-of-order window and duplicate
 * checks could decide differently, and a chunk cut during replay could hold a set of records that
 * is not a prefix in sequence order (its FLUSHED mark would then skip a record it does not cover).
 * A record that arrives early waits in a reorder buffer until every lower number seen in the first
 * pass has been applied; the buffer holds only what concurrent pushes reordered, a few records.
 */
final class WalReplay {
    private final Wal wal;
    private final Streams streams;
    private final Map<String, Long> flushedUpTo = new HashMap<>();
    private long[] seqs = new long[1024];
    private int seqCount;
    private int nextToApply;
    private final TreeMap<Long, WalRecords.Decoded> early = new TreeMap<>();
    private long now;

    int records;
    final int[] entries = new int[1];
    long maxSeq;

    WalReplay(Wal wal, Streams streams) {
        this.wal = wal;
        this.streams = streams;
    }

    void run() throws IOException {
        wal.replay(
                payload -> {
                    WalRecords.Decoded r = WalRecords.decode(payload);
                    maxSeq = Math.max(maxSeq, r.seq());
                    if (r.type() == WalRecords.FLUSHED) {
                        flushedUpTo.merge(r.tenant() + r.flushedLabels(), r.flushedUpTo(), Math::max);
                    } else if (r.type() == WalRecords.ENTRIES) {
                        if (seqCount == seqs.length) {
                            seqs = Arrays.copyOf(seqs, seqs.length * 2);
                        }
                        seqs[seqCount++] = r.seq();
                    }
                },
                WalRecords::seq);
        Arrays.sort(seqs, 0, seqCount);
        now = System.nanoTime();
        wal.replay(
                payload -> {
                    WalRecords.Decoded r = WalRecords.decode(payload);
                    records++;
                    if (r.type() != WalRecords.ENTRIES) {
                        return;
                    }
                    early.put(r.seq(), r);
                    // apply every record whose number is the next one the first pass saw
                    while (nextToApply < seqCount && early.containsKey(seqs[nextToApply])) {
                        apply(early.remove(seqs[nextToApply++]));
                    }
                },
                WalRecords::seq);
        // Only if a number appeared twice (never written so): apply what is left, in order.
        while (!early.isEmpty()) {
            apply(early.pollFirstEntry().getValue());
        }
        streams.resumeAfter(maxSeq);
    }

    private void apply(WalRecords.Decoded r) throws IOException {
        for (WalRecords.StreamEntries s : r.streams()) {
            if (r.seq() <= flushedUpTo.getOrDefault(r.tenant() + s.labels(), 0L)) {
                continue; // in the store already
            }
            streams.replayed(r.tenant(), s.labels(), s.entries(), r.seq(), now, entries);
        }
    }
}
