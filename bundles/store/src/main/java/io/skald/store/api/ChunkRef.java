// SPDX-License-Identifier: Apache-2.0
package io.skald.store.api;

import io.skald.core.model.Labels;

/**
 * Where one chunk of one stream lives and what it covers: the index's unit. The object key follows
 * Loki's v12+ shape under a {@code chunks/} prefix: {@code <tenant>/chunks/<fingerprint>/<from>:<through>:<checksum>},
 * all hex, times in milliseconds as Loki writes them (the exact nanosecond bounds are kept beside).
 */
public record ChunkRef(
        String tenant,
        Labels labels,
        long fromNanos,
        long throughNanos,
        int checksum,
        int entries,
        long size,
        long uncompressedSize) {

    public long fingerprint() {
        return labels.fingerprint();
    }

    public String key() {
        return tenant + "/chunks/" + Long.toHexString(fingerprint()) + "/" + Long.toHexString(fromNanos / 1_000_000)
                + ":" + Long.toHexString(throughNanos / 1_000_000) + ":" + Integer.toHexString(checksum);
    }

    public boolean overlaps(long from, long through) {
        return fromNanos <= through && throughNanos >= from;
    }
}
