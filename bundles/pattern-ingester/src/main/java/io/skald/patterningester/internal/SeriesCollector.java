// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums samples per (level, pattern, bucket) across clusters and streams, as Loki's merge iterator
 * does, then keeps the patterns worth showing: at least {@value #MIN_CLUSTER_SIZE} lines, the
 * {@value #MAX_PATTERNS} biggest first.
 */
final class SeriesCollector {
    static final int MIN_CLUSTER_SIZE = 30;
    static final int MAX_PATTERNS = 300;

    private record Key(String level, String pattern) {}

    private final Map<Key, TreeMap<Long, Long>> samples = new HashMap<>();

    /** The sink for one cluster's samples. */
    TreeMap<Long, Long> series(String level, String pattern) {
        return samples.computeIfAbsent(new Key(level, pattern), k -> new TreeMap<>());
    }

    int size() {
        return samples.size();
    }

    /** Every series, biggest first (ties by pattern, so answers are stable). */
    List<PatternSeries> all() {
        List<PatternSeries> out = new ArrayList<>(samples.size());
        samples.forEach((key, points) -> {
            if (points.isEmpty()) {
                return; // a cluster with nothing in the range
            }
            long[] ts = new long[points.size()];
            long[] counts = new long[points.size()];
            long total = 0;
            int i = 0;
            for (Map.Entry<Long, Long> p : points.entrySet()) {
                ts[i] = p.getKey();
                counts[i++] = p.getValue();
                total += p.getValue();
            }
            out.add(new PatternSeries(key.pattern(), key.level(), ts, counts, total));
        });
        out.sort((a, b) -> a.total() != b.total()
                ? Long.compare(b.total(), a.total())
                : a.pattern().equals(b.pattern())
                        ? a.level().compareTo(b.level())
                        : a.pattern().compareTo(b.pattern()));
        return out;
    }

    /** What Loki's querier keeps of all series. */
    static List<PatternSeries> prune(List<PatternSeries> all) {
        List<PatternSeries> kept = new ArrayList<>();
        for (PatternSeries s : all) {
            if (s.total() >= MIN_CLUSTER_SIZE && kept.size() < MAX_PATTERNS) {
                kept.add(s);
            }
        }
        return kept;
    }
}
