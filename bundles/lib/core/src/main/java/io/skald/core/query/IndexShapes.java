// SPDX-License-Identifier: Apache-2.0
package io.skald.core.query;

import io.skald.core.model.Labels;
import java.util.List;

/** The answers of Loki's index and discovery endpoints that are not query results. */
public final class IndexShapes {
    private IndexShapes() {}

    /** {@code index/stats}: what the index holds for matching streams. */
    public record IndexStats(long streams, long chunks, long entries, long bytes) {}

    /** One label of {@code detected_labels}. */
    public record DetectedLabel(String label, long cardinality) {}

    /** One field of {@code detected_fields}; {@code parsers} empty for structured metadata. */
    public record DetectedField(String label, String type, long cardinality, List<String> parsers) {
        public DetectedField {
            parsers = List.copyOf(parsers);
        }
    }

    /** An entry a live tail could not keep up with: Loki reports these as {@code dropped_entries}. */
    public record DroppedEntry(Labels labels, long timestampNanos) {}
}
