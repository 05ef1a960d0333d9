// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import io.skald.store.chunks.Encoding;
import java.nio.file.Path;
import java.util.function.ToIntFunction;

/**
 * The ingester's settings in the units its code uses, read once from {@link IngesterConfig};
 * {@code maxStreamsPerTenant} is asked per new stream, as a tenant's limit may change while running.
 */
record Settings(
        Encoding encoding,
        int blockSize,
        long targetSize,
        long maxChunkAgeNanos,
        long idleNanos,
        Path walDir,
        Wal.SyncPolicy syncPolicy,
        long walSegmentBytes,
        ToIntFunction<String> maxStreamsPerTenant,
        boolean flushOnShutdown,
        long memoryBudgetBytes) {

    /** Loki's out-of-order window: entries may trail the stream's newest by half the max chunk age. */
    long windowNanos() {
        return maxChunkAgeNanos / 2;
    }
}
