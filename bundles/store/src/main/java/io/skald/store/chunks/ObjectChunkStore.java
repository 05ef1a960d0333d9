// SPDX-License-Identifier: Apache-2.0
package io.skald.store.chunks;

import io.skald.core.model.Labels;
import io.skald.spi.storage.ObjectStore;
import io.skald.store.api.ChunkRef;
import io.skald.store.api.ChunkStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link ChunkStore} on an {@link ObjectStore}: chunk objects under {@code <tenant>/chunks/}, and one index
 * object per commit, tenant and day under {@code index/}. Writers put chunks, then commit their refs to the
 * index in one object per tenant and day; a chunk is visible to readers only once its ref is
 * committed, so a crash between the two leaves an orphan chunk, never a dangling ref.
 */
public final class ObjectChunkStore implements ChunkStore {
    private final ObjectStore objects;
    private final String writerId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();

    public ObjectChunkStore(ObjectStore objects) {
        this.objects = objects;
    }

    public ObjectStore objects() {
        return objects;
    }

    /** Stores a built chunk and returns its ref (not yet in the index). */
    @Override
    public ChunkRef putChunk(
            String tenant,
            Labels labels,
            byte[] chunk,
            long fromNanos,
            long throughNanos,
            int entries,
            long uncompressedSize)
            throws IOException {
        ChunkRef ref = new ChunkRef(
                tenant,
                labels,
                fromNanos,
                throughNanos,
                ChunkBuilder.crc(chunk, 0, chunk.length),
                entries,
                chunk.length,
                uncompressedSize);
        objects.put(ref.key(), new ByteArrayInputStream(chunk), chunk.length);
        return ref;
    }

    /** Adds refs to the index: one object per tenant and daily table they touch. */
    @Override
    public void commitIndex(List<ChunkRef> refs) throws IOException {
        Map<String, List<ChunkRef>> byObject = new LinkedHashMap<>();
        for (ChunkRef r : refs) {
            for (long day = Math.floorDiv(r.fromNanos(), IndexFormat.DAY_NANOS);
                    day <= Math.floorDiv(r.throughNanos(), IndexFormat.DAY_NANOS);
                    day++) {
                byObject.computeIfAbsent("index/index_" + day + "/" + r.tenant() + "/", k -> new ArrayList<>())
                        .add(r);
            }
        }
        for (Map.Entry<String, List<ChunkRef>> e : byObject.entrySet()) {
            byte[] data = IndexFormat.encode(e.getValue());
            String key = e.getKey()
                    + String.format(
                            "%016x-%s-%06d.idx", System.currentTimeMillis(), writerId, sequence.incrementAndGet());
            objects.put(key, new ByteArrayInputStream(data), data.length);
        }
    }

    /** Every committed ref of {@code tenant} overlapping [from, through], each chunk once. */
    @Override
    public List<ChunkRef> refs(String tenant, long fromNanos, long throughNanos) throws IOException {
        Map<String, ChunkRef> byKey = new LinkedHashMap<>();
        for (long day = Math.floorDiv(fromNanos, IndexFormat.DAY_NANOS);
                day <= Math.floorDiv(throughNanos, IndexFormat.DAY_NANOS);
                day++) {
            Iterator<ObjectStore.ObjectInfo> it = objects.list("index/index_" + day + "/" + tenant + "/");
            while (it.hasNext()) {
                ObjectStore.ObjectInfo info = it.next();
                try (InputStream in = objects.get(info.key())) {
                    for (ChunkRef r : IndexFormat.decode(tenant, in.readAllBytes())) {
                        if (r.overlaps(fromNanos, throughNanos)) {
                            byKey.putIfAbsent(r.key(), r);
                        }
                    }
                }
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /** A chunk opened by ranges: blocks are read as they are decoded (see {@link ChunkReader#open}). */
    @Override
    public ChunkReader openChunk(ChunkRef ref) throws IOException {
        return ChunkReader.open(objects, ref.key(), ref.size());
    }

    @Override
    public byte[] getChunk(ChunkRef ref) throws IOException {
        try (InputStream in = objects.get(ref.key())) {
            return in.readAllBytes();
        }
    }
}
