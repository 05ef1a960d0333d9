// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.read;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.core.query.IndexShapes.IndexStats;
import io.skald.ingester.api.Ingester;
import io.skald.ingester.api.IngesterUnavailableException;
import io.skald.ingester.api.StreamEntries;
import io.skald.logql.Matcher;
import io.skald.store.api.ChunkRef;
import io.skald.store.api.ChunkStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the index and the ingester's list of streams answer without reading a line: series, label
 * names and values, index stats and volumes. {@link Querier} adds reading lines on top.
 */
public class IndexQueries {
    protected final ChunkStore store;
    protected final Supplier<Ingester> ingesters;

    protected IndexQueries(ChunkStore store, Supplier<Ingester> ingesters) {
        this.store = store;
        this.ingesters = ingesters;
    }

    /** Label sets of streams with data in [start, end] accepted by any of the selectors (all streams when none). */
    public List<Labels> series(String tenant, List<List<Matcher>> selectors, long start, long end) throws IOException {
        Predicate<Labels> accept = labels -> selectors.isEmpty()
                || selectors.stream().anyMatch(matchers -> matchers.stream().allMatch(m -> m.matches(labels)));
        TreeSet<Labels> out = new TreeSet<>();
        Ingester ingester = ingesters.get();
        if (ingester != null) {
            try {
                out.addAll(ingester.series(tenant, accept));
            } catch (IngesterUnavailableException e) {
                // serve what the store has
            }
        }
        for (ChunkRef ref : store.refs(tenant, start, end)) {
            if (accept.test(ref.labels())) {
                out.add(ref.labels());
            }
        }
        return new ArrayList<>(out);
    }

    /** Loki's index stats: what the index holds for matching streams in [start, end] (flushed data only, as in Loki). */
    public IndexStats indexStats(String tenant, List<Matcher> matchers, long start, long end) throws IOException {
        Set<Labels> streams = new HashSet<>();
        long chunks = 0;
        long entries = 0;
        long bytes = 0;
        for (ChunkRef ref : store.refs(tenant, start, end)) {
            if (matchers.stream().allMatch(m -> m.matches(ref.labels()))) {
                streams.add(ref.labels());
                chunks++;
                entries += ref.entries();
                bytes += ref.uncompressedSize();
            }
        }
        return new IndexStats(streams.size(), chunks, entries, bytes);
    }

    /**
     * Loki's volume: bytes of log lines per series (or per the target labels) in [start, end], in
     * buckets of {@code step} ending at {@code start + k·step} (one bucket at {@code end} when step is 0).
     * Flushed chunks count by the index (a chunk's bytes land in the bucket of its last entry); what
     * the ingester still holds counts line by line.
     */
    public Map<Labels, long[]> volume(
            String tenant,
            List<Matcher> matchers,
            List<String> targetLabels,
            boolean byLabelNames,
            long start,
            long end,
            long step)
            throws IOException {
        int buckets = step <= 0 ? 1 : (int) ((end - start) / step) + 1;
        Map<Labels, long[]> out = new HashMap<>();
        Predicate<Labels> accept = labels -> matchers.stream().allMatch(m -> m.matches(labels));
        BiConsumer<Labels, long[]> add = (labels, bucketAndBytes) -> {
            int b = (int) bucketAndBytes[0];
            for (Labels key : volumeKeys(labels, matchers, targetLabels, byLabelNames)) {
                out.computeIfAbsent(key, k -> new long[buckets])[b] += bucketAndBytes[1];
            }
        };
        Ingester ingester = ingesters.get();
        if (ingester != null) {
            try {
                for (StreamEntries s : ingester.select(tenant, accept, start, end)) {
                    for (Entry e : s.entries()) {
                        int b = bucket(e.timestampNanos(), start, end, step, buckets);
                        if (b >= 0) {
                            add.accept(s.labels(), new long[] {b, e.line().length});
                        }
                    }
                }
            } catch (IngesterUnavailableException e) {
                // the store's part is still answered
            }
        }
        for (ChunkRef ref : store.refs(tenant, start, end)) {
            if (accept.test(ref.labels())) {
                int b = bucket(Math.min(ref.throughNanos(), end), start, end, step, buckets);
                if (b >= 0) {
                    add.accept(ref.labels(), new long[] {b, ref.uncompressedSize()});
                }
            }
        }
        return out;
    }

    private static int bucket(long t, long start, long end, long step, int buckets) {
        if (t < start || t > end) {
            return -1;
        }
        if (step <= 0) {
            return 0;
        }
        int b = (int) ((t - start + step - 1) / step); // bucket k covers (start + (k−1)·step, start + k·step]
        return Math.min(b, buckets - 1);
    }

    /**
     * The series a stream's bytes count for: the target labels when given, else the names the
     * selector's matchers use; with aggregateBy=labels, each of those names alone with an empty value.
     */
    private static List<Labels> volumeKeys(
            Labels labels, List<Matcher> matchers, List<String> targetLabels, boolean byLabelNames) {
        List<String> names = new ArrayList<>();
        if (!targetLabels.isEmpty()) {
            names.addAll(targetLabels);
        } else {
            matchers.forEach(m -> {
                if (!names.contains(m.name())) {
                    names.add(m.name());
                }
            });
        }
        if (byLabelNames) {
            List<Labels> out = new ArrayList<>();
            for (String n : names) {
                if (labels.get(n) != null) {
                    out.add(Labels.of(Map.of(n, "")));
                }
            }
            return out;
        }
        Map<String, String> kept = new TreeMap<>();
        for (String n : names) {
            String v = labels.get(n);
            if (v != null) {
                kept.put(n, v);
            }
        }
        return List.of(Labels.of(kept));
    }

    public List<String> labelNames(String tenant, List<Matcher> matchers, long start, long end) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (Labels l : series(tenant, matchers.isEmpty() ? List.of() : List.of(matchers), start, end)) {
            l.asList().forEach(p -> names.add(p.name()));
        }
        return new ArrayList<>(names);
    }

    public List<String> labelValues(String tenant, String name, List<Matcher> matchers, long start, long end)
            throws IOException {
        TreeSet<String> values = new TreeSet<>();
        for (Labels l : series(tenant, matchers.isEmpty() ? List.of() : List.of(matchers), start, end)) {
            String v = l.get(name);
            if (v != null) {
                values.add(v);
            }
        }
        return new ArrayList<>(values);
    }
}
