// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import io.skald.ingester.api.PushResult;
import io.skald.ingester.api.StreamPush;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The push path: sequence, apply per stream, log, sync. No lock is shared by pushes to different
 * streams except the sequencer's few microseconds and the WAL's write; deciding and appending run
 * under each stream's lock, encoding and framing the record under none.
 *
 * <p>Memory may briefly hold entries whose record is not yet synced: they are not acknowledged
 * until it is, as before.
 */
final class Pusher {
    /** What a push kept: the result to answer and the entries to hand to tails and observers. */
    record Pushed(PushResult result, List<WalRecords.StreamEntries> kept) {}

    private final Streams streams;
    private final Wal wal; // null: no WAL configured
    private final IngesterMetrics metrics;

    Pusher(Streams streams, Wal wal, IngesterMetrics metrics) {
        this.streams = streams;
        this.wal = wal;
        this.metrics = metrics;
    }

    Pushed push(String tenant, List<StreamPush> pushes) throws IOException {
        Streams.Sequenced sequenced = streams.sequence(tenant, pushes, System.nanoTime());
        StreamBatch[] batches = sequenced.batches();
        long position = -1;
        List<WalRecords.StreamEntries> kept = new ArrayList<>(batches.length);
        try {
            // Streams another push is applying right now come last: by then it has often applied
            // this push's batch too, and this thread did not park meanwhile.
            List<StreamBatch> busy = null;
            for (StreamBatch b : batches) {
                if (b != null && !b.stream.tryDrain(b)) {
                    if (busy == null) {
                        busy = new ArrayList<>();
                    }
                    busy.add(b);
                }
            }
            if (busy != null) {
                for (StreamBatch b : busy) {
                    b.stream.drain(b);
                }
            }
            for (StreamBatch b : batches) {
                if (b != null) {
                    b.rethrowFailure();
                    if (!b.accepted.isEmpty()) {
                        kept.add(new WalRecords.StreamEntries(b.stream.labels, b.stream.labelText, b.accepted));
                    }
                }
            }
            if (!kept.isEmpty() && wal != null) {
                ByteBuffer frame = Wal.frame(WalRecords.entries(sequenced.seq(), tenant, kept));
                int size = frame.remaining();
                position = wal.appendFrame(frame, sequenced.seq());
                metrics.walRecords.inc();
                metrics.walBytes.inc(size);
            }
        } finally {
            // appended, or never will be: a FLUSHED mark waiting on this number may go ahead
            streams.logged(sequenced.seq());
        }
        if (position >= 0) {
            wal.sync(position);
        }
        return new Pushed(result(tenant, pushes, batches), kept);
    }

    /** Loki's answer: counts, and the errors in the order of the pushed streams. */
    private PushResult result(String tenant, List<StreamPush> pushes, StreamBatch[] batches) {
        List<String> errors = new ArrayList<>();
        boolean limited = false;
        int accepted = 0;
        int duplicates = 0;
        for (int i = 0; i < batches.length; i++) {
            StreamBatch b = batches[i];
            if (b == null) {
                limited = true;
                errors.add("Maximum active stream limit exceeded when trying to create stream "
                        + pushes.get(i).labels()
                        + ", reduce the number of active streams (reduce labels or reduce label values), or contact"
                        + " your Loki administrator to see if the limit can be increased, user: '" + tenant + "'");
                continue;
            }
            accepted += b.accepted.size();
            duplicates += b.duplicates;
            if (b.refusedError != null) {
                errors.add(b.refusedError);
            }
        }
        if (duplicates > 0) {
            metrics.duplicates.labels(tenant).inc(duplicates);
        }
        return new PushResult(accepted, duplicates, errors, limited);
    }
}
