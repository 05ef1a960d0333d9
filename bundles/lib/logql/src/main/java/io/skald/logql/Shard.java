// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import io.skald.core.model.Labels;

/**
 * One of {@code of} disjoint parts of a query's streams, by stream fingerprint, as Loki's query
 * sharding cuts them: the shards of a query together read every stream exactly once. Written and
 * read in Loki's {@code shards} parameter form, {@code <index>_of_<of>}.
 */
public record Shard(int index, int of) {
    public Shard {
        if (of < 1 || index < 0 || index >= of) {
            throw new IllegalArgumentException("invalid shard " + index + "_of_" + of);
        }
    }

    /** Whether this shard reads the stream with these labels. */
    public boolean owns(Labels stream) {
        return of == 1 || Long.remainderUnsigned(stream.fingerprint(), of) == index;
    }

    /** {@code 0_of_16}; {@link IllegalArgumentException} with Loki's text for anything else. */
    public static Shard parse(String text) {
        int sep = text.indexOf("_of_");
        try {
            if (sep > 0) {
                return new Shard(Integer.parseInt(text.substring(0, sep)), Integer.parseInt(text.substring(sep + 4)));
            }
        } catch (IllegalArgumentException e) { // a number that is not one, or out of range
            // worded below
        }
        throw new IllegalArgumentException("invalid shard: " + text + ", expected <index>_of_<total>");
    }

    @Override
    public String toString() {
        return index + "_of_" + of;
    }
}
