// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.read;

import io.skald.core.model.Labels;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Label sets cut down to some names: by/without grouping, on/ignoring matching, unwrap's dropped label. */
final class LabelSets {
    private LabelSets() {}

    /** The labels whose names are in {@code names} ({@code listed} true) or are not (false). */
    static Labels select(Labels labels, Collection<String> names, boolean listed) {
        Map<String, String> kept = new TreeMap<>();
        for (Labels.Label l : labels.asList()) {
            if (names.contains(l.name()) == listed) {
                kept.put(l.name(), l.value());
            }
        }
        return Labels.of(kept);
    }
}
