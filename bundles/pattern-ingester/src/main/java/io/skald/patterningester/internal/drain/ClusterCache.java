// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The clusters of one Drain by id, least recently used first, at most {@code maxSize} (0: unbounded).
 * As in Loki's LRU, a lookup counts as a use, and both an eviction and a removal are reported to
 * {@code onRemove}: the Drain tells the two apart itself.
 */
final class ClusterCache {
    private final LinkedHashMap<Integer, LogCluster> byId = new LinkedHashMap<>(16, 0.75f, true);
    private final int maxSize;
    private final Consumer<LogCluster> onRemove;

    ClusterCache(int maxSize, Consumer<LogCluster> onRemove) {
        this.maxSize = maxSize <= 0 ? Integer.MAX_VALUE : maxSize;
        this.onRemove = onRemove;
    }

    LogCluster get(int id) {
        return byId.get(id);
    }

    void put(LogCluster cluster) {
        byId.put(cluster.id(), cluster);
        if (byId.size() > maxSize) {
            Map.Entry<Integer, LogCluster> oldest = byId.entrySet().iterator().next();
            byId.remove(oldest.getKey());
            onRemove.accept(oldest.getValue());
        }
    }

    void remove(LogCluster cluster) {
        if (byId.remove(cluster.id()) != null) {
            onRemove.accept(cluster);
        }
    }

    int size() {
        return byId.size();
    }

    /** A snapshot, least recently used first; reading it does not count as a use. */
    List<LogCluster> values() {
        return new ArrayList<>(byId.values());
    }
}
