// SPDX-License-Identifier: Apache-2.0
package io.skald.store.api;

import io.skald.core.model.Labels;
import io.skald.store.chunks.ChunkReader;
import java.io.IOException;
import java.util.List;

/**
 * Chunks and their index, as the store module publishes them while Running. Writers put chunks,
 * then commit their refs to the index; a chunk is visible to readers only once its ref is
 * committed, so a crash between the two leaves an orphan chunk, never a dangling ref.
 */
public interface ChunkStore {
    /** Stores a built chunk and returns its ref (not yet in the index). */
    ChunkRef putChunk(
            String tenant,
            Labels labels,
            byte[] chunk,
            long fromNanos,
            long throughNanos,
            int entries,
            long uncompressedSize)
            throws IOException;

    /** Adds refs to the index. */
    void commitIndex(List<ChunkRef> refs) throws IOException;

    /** Every committed ref of {@code tenant} overlapping [from, through], each chunk once. */
    List<ChunkRef> refs(String tenant, long fromNanos, long throughNanos) throws IOException;

    /** A chunk opened by ranges: blocks are read as they are decoded. */
    ChunkReader openChunk(ChunkRef ref) throws IOException;

    /** A chunk's bytes, whole. */
    byte[] getChunk(ChunkRef ref) throws IOException;
}
