// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import io.skald.ingester.api.Ingester;
import io.skald.ingester.api.IngesterUnavailableException;
import io.skald.ingester.api.StreamEntries;
import io.skald.logql.LogQuery;
import io.skald.logql.Matcher;
import io.skald.spi.log.Labels;
import io.skald.store.api.ChunkReader;
import io.skald.store.api.ChunkRef;
import io.skald.store.api.ChunkStore;
import io.skald.store.api.Entry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads logs for the query API from two places, as Loki's querier does: the ingester for what is
 * still in memory, the store (through the index, never by listing chunks) for what is flushed.
 * Entries present in both are returned once. Streams whose labels do not match are never
 * decompressed; chunk blocks outside the time range are skipped.
 */
final class Querier {
    /** One result stream: its labels and entries in the requested order. */
    record Stream(Labels labels, List<Entry> entries) {
    }

    /** Loki's {@code maximum of series} refusal: too many distinct label sets for one query (400). */
    static final class TooManySeries extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManySeries(int limit) {
            super("maximum of series (" + limit + ") reached for a single query");
        }
    }

    /**
     * Distinct label sets one query may build in memory: parsers can give every line its own set
     * (a trace id), and without this bound such a query would exhaust the heap instead of failing.
     */
    static final int MAX_SERIES_IN_MEMORY = 50_000;

    /** What a query touched, for Loki's stats object. */
    static final class Stats {
        long chunksRef;
        long chunksDownloaded;
        long bytesDecompressed;
        long linesProcessed;
        long linesReturned;
    }

    private final ChunkStore store;
    private final Supplier<Ingester> ingesters;

    Querier(ChunkStore store, Supplier<Ingester> ingesters) {
        this.store = store;
        this.ingesters = ingesters;
    }

    /** The newest (backward) or oldest (forward) {@code limit} entries of matching streams in [start, end). */
    List<Stream> selectLogs(String tenant, LogQuery query, long start, long end, int limit, boolean forward, Stats stats)
            throws IOException {
        // Grouped by stream while scanning; the extracted labels are computed for the `limit` winners only.
        return limitAndOrder(collect(tenant, query, start, end, false, stats), query, limit, forward, stats);
    }

    /** Every matching entry in [start, end), per stream, in time order and each once: the input of metric queries. */
    Map<Labels, List<Entry>> selectAll(String tenant, LogQuery query, long start, long end, Stats stats) throws IOException {
        Map<Labels, List<Entry>> byStream = collect(tenant, query, start, end, true, stats);
        byStream.replaceAll((labels, entries) -> sortedUnique(entries));
        return byStream;
    }

    private static List<Entry> sortedUnique(List<Entry> entries) {
        entries.sort(Comparator.comparingLong(Entry::timestampNanos).thenComparing(e -> e.line(), Arrays::compare));
        List<Entry> out = new ArrayList<>(entries.size());
        Entry previous = null;
        for (Entry e : entries) {
            if (!e.equals(previous)) {
                out.add(e);
            }
            previous = e;
        }
        return out;
    }

    private Map<Labels, List<Entry>> collect(String tenant, LogQuery query, long start, long end, boolean byResultLabels,
                                             Stats stats) throws IOException {
        Map<Labels, List<Entry>> byStream = new HashMap<>();
        Ingester ingester = ingesters.get();
        if (ingester != null) {
            try {
                for (StreamEntries s : ingester.select(tenant, query::matches, start, end - 1)) {
                    add(byStream, s.labels(), s.entries(), query, start, end, byResultLabels, stats);
                }
            } catch (IngesterUnavailableException e) {
                // the ingester is stopping: what it held is flushed or in its WAL; serve the store's part
            }
        }
        for (ChunkRef ref : store.refs(tenant, start, end - 1)) {
            if (!query.matches(ref.labels())) {
                continue;
            }
            stats.chunksRef++;
            ChunkReader reader = new ChunkReader(store.getChunk(ref));
            stats.chunksDownloaded++;
            for (ChunkReader.BlockMeta b : reader.blocks()) {
                if (b.maxTs() < start || b.minTs() >= end) {
                    continue;
                }
                stats.bytesDecompressed += b.uncompressedSize();
                // Line filters run on the decompressed block in place; only survivors become entries.
                List<Entry> survivors = new ArrayList<>();
                stats.linesProcessed += reader.scan(b, start, end, query::keep, survivors::add);
                addFiltered(byStream, ref.labels(), survivors, query, byResultLabels);
            }
        }
        byStream.values().removeIf(List::isEmpty);
        return byStream;
    }

    /** Entries that passed the line filters already: only the stages (parsers, label filters) remain. */
    private static void addFiltered(Map<Labels, List<Entry>> byStream, Labels labels, List<Entry> entries, LogQuery query,
                                    boolean byResultLabels) {
        if (entries.isEmpty()) {
            return;
        }
        if (query.stages().isEmpty()) {
            byStream.computeIfAbsent(labels, k -> new ArrayList<>()).addAll(entries);
            return;
        }
        for (Entry e : entries) {
            Labels result = query.labelsOf(labels, e.line());
            if (result == null) {
                continue;
            }
            Labels key = byResultLabels ? result : labels;
            List<Entry> list = byStream.get(key);
            if (list == null) {
                if (byStream.size() >= MAX_SERIES_IN_MEMORY) {
                    throw new TooManySeries(MAX_SERIES_IN_MEMORY);
                }
                list = new ArrayList<>();
                byStream.put(key, list);
            }
            list.add(e);
        }
    }

    /** Keeps the entries the query keeps, under their result labels (the stream's plus what parsers extracted). */
    private static void add(Map<Labels, List<Entry>> byStream, Labels labels, List<Entry> entries, LogQuery query,
                            long start, long end, boolean byResultLabels, Stats stats) {
        List<Entry> sameStream = query.stages().isEmpty() || !byResultLabels
                ? byStream.computeIfAbsent(labels, k -> new ArrayList<>()) : null;
        for (Entry e : entries) {
            if (e.timestampNanos() < start || e.timestampNanos() >= end) {
                continue;
            }
            stats.linesProcessed++;
            if (!query.keep(e.line())) {
                continue;
            }
            if (sameStream != null) {
                if (query.stages().isEmpty() || query.labelsOf(labels, e.line()) != null) {
                    sameStream.add(e);
                }
            } else {
                Labels result = query.labelsOf(labels, e.line());
                if (result != null) {
                    List<Entry> list = byStream.get(result);
                    if (list == null) {
                        if (byStream.size() >= MAX_SERIES_IN_MEMORY) {
                            throw new TooManySeries(MAX_SERIES_IN_MEMORY);
                        }
                        list = new ArrayList<>();
                        byStream.put(result, list);
                    }
                    list.add(e);
                }
            }
        }
    }

    private static List<Stream> limitAndOrder(Map<Labels, List<Entry>> byStream, LogQuery query, int limit, boolean forward,
                                              Stats stats) {
        record Item(Labels labels, Entry entry) {
        }
        List<Item> all = new ArrayList<>();
        for (Map.Entry<Labels, List<Entry>> s : byStream.entrySet()) {
            for (Entry e : sortedUnique(s.getValue())) { // the same entry from the ingester and the store: once
                all.add(new Item(s.getKey(), e));
            }
        }
        Comparator<Item> order = Comparator.comparingLong(i -> i.entry().timestampNanos());
        all.sort(forward ? order : order.reversed());
        Map<Labels, List<Entry>> limited = new LinkedHashMap<>();
        for (int i = 0; i < all.size() && i < limit; i++) {
            Item item = all.get(i);
            Labels labels = query.labelsOf(item.labels(), item.entry().line()); // adds what parsers extract
            limited.computeIfAbsent(labels, k -> new ArrayList<>()).add(item.entry());
        }
        List<Stream> out = new ArrayList<>();
        limited.forEach((labels, entries) -> out.add(new Stream(labels, entries)));
        stats.linesReturned = Math.min(limit, all.size());
        return out;
    }

    /** Label sets of streams with data in [start, end] accepted by any of the selectors (all streams when none). */
    List<Labels> series(String tenant, List<List<Matcher>> selectors, long start, long end) throws IOException {
        Predicate<Labels> accept = labels -> selectors.isEmpty() || selectors.stream()
                .anyMatch(matchers -> matchers.stream().allMatch(m -> m.matches(labels)));
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
    long[] indexStats(String tenant, List<Matcher> matchers, long start, long end) throws IOException {
        java.util.Set<Labels> streams = new java.util.HashSet<>();
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
        return new long[] {streams.size(), chunks, entries, bytes};
    }

    List<String> labelNames(String tenant, List<Matcher> matchers, long start, long end) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (Labels l : series(tenant, matchers.isEmpty() ? List.of() : List.of(matchers), start, end)) {
            l.asList().forEach(p -> names.add(p.name()));
        }
        return new ArrayList<>(names);
    }

    List<String> labelValues(String tenant, String name, List<Matcher> matchers, long start, long end) throws IOException {
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
