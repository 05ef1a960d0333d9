// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.core.query.QueryResult;
import io.skald.core.query.QueryResult.LogEntry;
import io.skald.core.query.QueryStats;
import io.skald.querier.internal.read.MetricEvaluator;
import io.skald.querier.internal.read.Querier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the readers produce, as the typed results the query API answers with. */
public final class Results {
    private Results() {}

    /**
     * Log streams as Loki 3 models them: each result's labels fall into the stream's own (the names
     * it was pushed with, as the pipeline left them), its structured metadata, and the labels the
     * pipeline added; one stream per own label set, entries in time order in the query's direction.
     */
    public static QueryResult.Streams streams(List<Querier.Stream> streams, boolean forward) {
        record Item(LogEntry entry, int order) {}
        Map<Labels, List<Item>> byStream = new LinkedHashMap<>();
        int order = 0;
        for (Querier.Stream s : streams) {
            List<Labels.Label> own = new ArrayList<>();
            List<Labels.Label> added = new ArrayList<>();
            for (Labels.Label l : s.labels().asList()) {
                (s.origin().get(l.name()) != null ? own : added).add(l);
            }
            Labels streamLabels = own.size() == s.origin().size() && added.isEmpty() ? s.origin() : Labels.of(own);
            for (Entry e : s.entries()) {
                List<Labels.Label> parsed = added.isEmpty()
                        ? List.of()
                        : added.stream().filter(l -> !isMetadata(l, e)).toList();
                LogEntry entry = new LogEntry(
                        e.timestampNanos(), new String(e.line(), StandardCharsets.UTF_8), e.metadata(), parsed);
                byStream.computeIfAbsent(streamLabels, k -> new ArrayList<>()).add(new Item(entry, order++));
            }
        }
        Comparator<Item> byTime = Comparator.comparingLong(i -> i.entry().timestampNanos());
        Comparator<Item> inDirection = (forward ? byTime : byTime.reversed()).thenComparingInt(Item::order);
        List<QueryResult.Stream> out = new ArrayList<>(byStream.size());
        byStream.forEach((labels, items) -> {
            items.sort(inDirection); // one stream may come from several result label sets: merge them in time order
            out.add(new QueryResult.Stream(
                    labels, items.stream().map(Item::entry).toList()));
        });
        return new QueryResult.Streams(out);
    }

    private static boolean isMetadata(Labels.Label l, Entry e) {
        for (Labels.Label m : e.metadata()) {
            if (m.name().equals(l.name()) && m.value().equals(l.value())) {
                return true;
            }
        }
        return false;
    }

    public static QueryResult.Matrix matrix(List<MetricEvaluator.Series> series) {
        return new QueryResult.Matrix(series.stream()
                .map(s -> new QueryResult.Series(
                        s.labels(), s.points().stream().map(Results::point).toList()))
                .toList());
    }

    /** An instant query's answer: a scalar when the expression has no labels at all, else a vector. */
    public static QueryResult instant(MetricEvaluator.Result result) {
        if (result.scalar()) {
            return new QueryResult.Scalar(point(result.series().get(0).points().get(0)));
        }
        return new QueryResult.Vector(result.series().stream()
                .map(s -> new QueryResult.Sample(s.labels(), point(s.points().get(0))))
                .toList());
    }

    private static QueryResult.Point point(MetricEvaluator.Point p) {
        return new QueryResult.Point(p.timeNanos(), p.value());
    }

    /** What a query read, measured over {@code seconds}. */
    public static QueryStats stats(Querier.Stats s, double seconds) {
        return new QueryStats(
                seconds,
                s.bytesDecompressed,
                s.linesProcessed,
                s.linesReturned,
                s.linesReturned,
                s.chunksRef,
                s.chunksDownloaded,
                0,
                0);
    }
}
