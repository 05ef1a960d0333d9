// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.read;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.ingester.api.Ingester;
import io.skald.ingester.api.IngesterUnavailableException;
import io.skald.ingester.api.StreamEntries;
import io.skald.logql.LineFilter;
import io.skald.logql.LineState;
import io.skald.logql.LogQuery;
import io.skald.logql.MetricQuery;
import io.skald.querier.api.QueryHandler;
import io.skald.store.api.ChunkRef;
import io.skald.store.api.ChunkStore;
import io.skald.store.chunks.ChunkReader;
import io.skald.store.chunks.LineBloom;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads logs for the query API from two places, as Loki's querier does: the ingester for what is
 * still in memory, the store (through the index, never by listing chunks) for what is flushed.
 * Entries present in both are returned once. Streams whose labels do not match are never
 * decompressed; chunk blocks outside the time range are skipped.
 */
public class Querier extends IndexQueries {
    /** One result stream: its labels and entries in the requested order. */
    public record Stream(Labels labels, Labels origin, List<Entry> entries) {}

    /** Loki's {@code maximum of series} refusal: too many distinct label sets for one query (400). */
    public static final class TooManySeries extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TooManySeries(int limit) {
            super("maximum of series (" + limit + ") reached for a single query");
        }
    }

    /**
     * Distinct label sets one query may build in memory: parsers can give every line its own set
     * (a trace id), and without this bound such a query would exhaust the heap instead of failing.
     */
    public static final int MAX_SERIES_IN_MEMORY = 50_000;

    /** What a query touched, for Loki's stats object. */
    public static final class Stats {
        public long chunksRef;
        public long chunksDownloaded;
        public long bytesDecompressed;
        public long linesProcessed;
        public long linesReturned;
    }

    public Querier(ChunkStore store, Supplier<Ingester> ingesters) {
        super(store, ingesters);
    }

    /**
     * The newest (backward) or oldest (forward) {@code limit} entries of matching streams in [start,
     * end). Lines stream from each block into a bounded heap of winners (memory O(limit)); chunks and
     * blocks that cannot beat the worst winner once the heap is full are never decompressed, and the
     * newest (oldest) chunks are read first so that happens early. Where the pipeline has no
     * templates, lines are first filtered with parsers extracting only the labels the filters read;
     * the full pipeline then runs for the winners alone.
     */
    public List<Stream> selectLogs(
            String tenant, LogQuery query, long start, long end, int limit, boolean forward, Stats stats)
            throws IOException {
        Set<String> hints = query.stages().isEmpty() ? null : query.labelsRead(List.of(), null);
        boolean twoPhase = hints != null;
        LineState state = new LineState().want(hints);
        Winners winners = new Winners(limit, forward);
        ChunkReader.RawLine[] sink = new ChunkReader.RawLine[1];
        Labels[] current = new Labels[1];
        sink[0] = (ts, buffer, offset, length, metadata) -> {
            if (!winners.admits(ts)) {
                return; // cannot make the cut: skip the pipeline too
            }
            Labels labels = current[0];
            byte[] line = null;
            if (!query.stages().isEmpty()) {
                state.reset(current[0], ts, buffer, offset, length);
                for (Labels.Label l : metadata) {
                    state.labels().putIfAbsent(l.name(), l.value());
                }
                if (!query.process(state)) {
                    return;
                }
                if (!twoPhase) {
                    labels = state.resultLabels();
                    line = state.line();
                }
            }
            if (line == null) {
                line = Arrays.copyOfRange(buffer, offset, offset + length);
            }
            winners.offer(new Winners.Item(labels, current[0], new Entry(ts, line, metadata)));
        };
        Ingester ingester = ingesters.get();
        if (ingester != null) {
            try {
                for (StreamEntries s : ingester.select(tenant, query::matches, start, end - 1)) {
                    current[0] = s.labels();
                    for (Entry e : s.entries()) {
                        if (e.timestampNanos() >= start && e.timestampNanos() < end) {
                            stats.linesProcessed++;
                            stats.bytesDecompressed += e.line().length;
                            if (query.keep(e.line())) {
                                sink[0].accept(e.timestampNanos(), e.line(), 0, e.line().length, e.metadata());
                            }
                        }
                    }
                }
            } catch (IngesterUnavailableException e) {
                // the ingester is stopping: what it held is flushed or in its WAL; serve the store's part
            }
        }
        List<ChunkRef> refs = new ArrayList<>();
        for (ChunkRef ref : store.refs(tenant, start, end - 1)) {
            if (query.matches(ref.labels())) {
                refs.add(ref);
            }
        }
        refs.sort(
                forward
                        ? Comparator.comparingLong(ChunkRef::fromNanos)
                        : Comparator.comparingLong(ChunkRef::throughNanos).reversed());
        for (ChunkRef ref : refs) {
            if (!winners.couldAdmit(ref.fromNanos(), ref.throughNanos())) {
                continue;
            }
            checkCancelled();
            stats.chunksRef++;
            ChunkReader reader = store.openChunk(ref); // by ranges: most chunks need a block or two here
            stats.chunksDownloaded++;
            current[0] = ref.labels();
            List<ChunkReader.BlockMeta> blocks = new ArrayList<>(reader.blocks());
            if (!forward) {
                Collections.reverse(blocks);
            }
            for (ChunkReader.BlockMeta b : blocks) {
                if (b.maxTs() < start
                        || b.minTs() >= end
                        || !winners.couldAdmit(b.minTs(), b.maxTs())
                        || !mightMatch(b, query)) {
                    continue;
                }
                checkCancelled();
                stats.bytesDecompressed += b.uncompressedSize();
                stats.linesProcessed += reader.scanRaw(b, start, end, query::keep, sink[0]);
            }
        }
        LineState full = new LineState();
        record Key(Labels labels, Labels origin) {}
        Map<Key, List<Entry>> limited = new LinkedHashMap<>();
        List<Winners.Item> best = winners.inOrder();
        for (Winners.Item item : best) {
            Labels labels = item.labels();
            Entry entry = item.entry();
            if (twoPhase) { // the winners alone get the full pipeline: every label, the formatted line
                start(full, item.stream(), entry);
                query.process(full);
                labels = full.resultLabels();
                byte[] line = full.line();
                if (line != entry.line()) {
                    entry = new Entry(entry.timestampNanos(), line, entry.metadata());
                }
            }
            limited.computeIfAbsent(new Key(labels, item.stream()), k -> new ArrayList<>())
                    .add(entry);
        }
        List<Stream> out = new ArrayList<>();
        limited.forEach((key, entries) -> out.add(new Stream(key.labels(), key.origin(), entries)));
        stats.linesReturned = best.size();
        return out;
    }

    /** Loki's refusal of metric queries whose samples carry a pipeline error (400). */
    public static final class PipelineError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PipelineError(String error, Labels series) {
            super("pipeline error: '" + error + "' for series: '" + series + "'.\n"
                    + "Use a label filter to intentionally skip this error. (e.g | __error__!=\"" + error + "\").\n"
                    + "To skip all potential errors you can match empty errors.(e.g __error__=\"\")\n"
                    + "The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__=\"\" )");
        }
    }

    /**
     * The samples of a range aggregation in [start, end): one per kept line, in series of the
     * resulting labels (reduced by {@code grouping} as they are made). Lines are read where they lie
     * in each decompressed block; only a stream whose sources overlap in time (chunks written twice,
     * or the ingester still holding what was flushed) is gathered and de-duplicated first. With a
     * {@code by} grouping, parsers extract only the labels that the grouping and the filters read.
     */
    public Map<Labels, SampleList> samples(
            String tenant,
            MetricQuery.LogRange range,
            MetricEvaluator.SampleKind kind,
            MetricQuery.Grouping grouping,
            long start,
            long end,
            Stats stats,
            Supplier<SampleList> newSeries)
            throws IOException {
        LogQuery query = range.query();
        SampleSink sink = new SampleSink(range, kind, grouping, newSeries);
        Map<Labels, List<Entry>> memory = new HashMap<>();
        Ingester ingester = ingesters.get();
        if (ingester != null) {
            try {
                for (StreamEntries s : ingester.select(tenant, query::matches, start, end - 1)) {
                    List<Entry> kept = memory.computeIfAbsent(s.labels(), k -> new ArrayList<>());
                    for (Entry e : s.entries()) {
                        if (e.timestampNanos() >= start && e.timestampNanos() < end) {
                            stats.linesProcessed++;
                            stats.bytesDecompressed += e.line().length;
                            if (query.keep(e.line())) {
                                kept.add(e);
                            }
                        }
                    }
                }
            } catch (IngesterUnavailableException e) {
                // the store's part is still answered
            }
        }
        Map<Labels, List<ChunkRef>> chunks = new HashMap<>();
        for (ChunkRef ref : store.refs(tenant, start, end - 1)) {
            if (query.matches(ref.labels())) {
                chunks.computeIfAbsent(ref.labels(), k -> new ArrayList<>()).add(ref);
            }
        }
        Set<Labels> streams = new HashSet<>(chunks.keySet());
        streams.addAll(memory.keySet());
        for (Labels stream : streams) {
            checkCancelled();
            List<ChunkRef> refs = chunks.getOrDefault(stream, List.of());
            List<Entry> held = memory.getOrDefault(stream, List.of());
            if (overlap(refs, held)) {
                List<Entry> all = new ArrayList<>(held);
                for (ChunkRef ref : refs) {
                    readChunk(
                            ref,
                            query,
                            start,
                            end,
                            stats,
                            (ts, buffer, offset, length, metadata) -> all.add(
                                    new Entry(ts, Arrays.copyOfRange(buffer, offset, offset + length), metadata)));
                }
                for (Entry e : sortedUnique(all)) {
                    sink.accept(stream, e.timestampNanos(), e.line(), 0, e.line().length, e.metadata());
                }
                continue;
            }
            for (ChunkRef ref : refs) {
                readChunk(
                        ref,
                        query,
                        start,
                        end,
                        stats,
                        (ts, buffer, offset, length, metadata) ->
                                sink.accept(stream, ts, buffer, offset, length, metadata));
            }
            for (Entry e : held) {
                sink.accept(stream, e.timestampNanos(), e.line(), 0, e.line().length, e.metadata());
            }
        }
        return sink.out;
    }

    private void readChunk(ChunkRef ref, LogQuery query, long start, long end, Stats stats, ChunkReader.RawLine out)
            throws IOException {
        stats.chunksRef++;
        // A chunk the range covers is read in one go; one it only overlaps (a split part's edge) by ranges.
        boolean whole = ref.fromNanos() >= start && ref.throughNanos() < end;
        ChunkReader reader = whole ? new ChunkReader(store.getChunk(ref)) : store.openChunk(ref);
        stats.chunksDownloaded++;
        for (ChunkReader.BlockMeta b : reader.blocks()) {
            if (b.maxTs() < start || b.minTs() >= end || !mightMatch(b, query)) {
                continue;
            }
            checkCancelled();
            stats.bytesDecompressed += b.uncompressedSize();
            stats.linesProcessed += reader.scanRaw(b, start, end, query::keep, out);
        }
    }

    /**
     * Whether a block's lines could pass the leading {@code |=} filters, by its trigram filter: a
     * block none of whose lines can contain a needle is never decompressed.
     */
    private static boolean mightMatch(ChunkReader.BlockMeta block, LogQuery query) {
        if (block.bloom() == null) {
            return true;
        }
        for (LineFilter f : query.filters()) {
            List<byte[]> needles = f.requiredLiterals();
            if (needles == null) {
                continue;
            }
            boolean any = false;
            for (byte[] needle : needles) {
                if (LineBloom.mightContain(block.bloom(), needle)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** Whether a stream's chunks overlap each other in time, or the ingester holds entries not newer than a chunk's end. */
    private static boolean overlap(List<ChunkRef> refs, List<Entry> held) {
        List<ChunkRef> sorted = new ArrayList<>(refs);
        sorted.sort(Comparator.comparingLong(ChunkRef::fromNanos));
        long through = Long.MIN_VALUE;
        for (ChunkRef r : sorted) {
            if (r.fromNanos() <= through) {
                return true;
            }
            through = Math.max(through, r.throughNanos());
        }
        for (Entry e : held) {
            if (e.timestampNanos() <= through) {
                return true;
            }
        }
        return false;
    }

    /** Entries per stream (that passed the leading line filters) to samples per resulting series. */
    static Map<Labels, SampleList> toSamples(
            Map<Labels, List<Entry>> byStream,
            MetricQuery.LogRange range,
            MetricEvaluator.SampleKind kind,
            MetricQuery.Grouping grouping,
            Supplier<SampleList> newSeries) {
        SampleSink sink = new SampleSink(range, kind, grouping, newSeries);
        byStream.forEach((stream, entries) -> {
            for (Entry e : sortedUnique(new ArrayList<>(entries))) {
                sink.accept(stream, e.timestampNanos(), e.line(), 0, e.line().length, e.metadata());
            }
        });
        return sink.out;
    }

    /** The pipeline's starting point: the stream's labels and the entry's structured metadata. */
    private static void start(LineState state, Labels stream, Entry e) {
        state.reset(stream, e.timestampNanos(), e.line());
        for (Labels.Label l : e.metadata()) {
            state.labels().putIfAbsent(l.name(), l.value());
        }
    }

    /** A query whose thread was interrupted (the frontend's timeout or a client gone) stops reading. */
    private static void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new QueryHandler.QueryCancelledException();
        }
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
}
