// SPDX-License-Identifier: Apache-2.0
package io.skald.core.model;

import java.util.Arrays;
import java.util.List;

/**
 * One log line as stored: its timestamp in Unix nanoseconds, its bytes as the client sent them, and
 * its structured metadata. Two entries are duplicates when all three are equal.
 */
public record Entry(long timestampNanos, byte[] line, List<Labels.Label> metadata) {
    public Entry {
        metadata = List.copyOf(metadata);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e
                && e.timestampNanos == timestampNanos
                && Arrays.equals(e.line, line)
                && e.metadata.equals(metadata);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestampNanos) * 31 + Arrays.hashCode(line);
    }

    /** The bytes this entry counts for in rate limits and metrics: line plus metadata. */
    public int size() {
        int n = line.length;
        for (Labels.Label l : metadata) {
            n += l.name().length() + l.value().length();
        }
        return n;
    }
}
