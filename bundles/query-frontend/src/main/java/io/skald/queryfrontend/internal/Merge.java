// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import io.skald.core.model.Labels;
import io.skald.core.query.QueryResult;
import io.skald.core.query.QueryResult.LogEntry;
import io.skald.core.query.QueryStats;
import io.skald.logql.Sharding;
import io.skald.querier.api.QueryHandler.Answer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The answers of a split query's parts, merged into the one Loki would give for the whole range. */
final class Merge {
    private Merge() {}

    /** Log parts: every part's newest (or oldest) entries, re-sorted and cut to the limit. */
    static Answer.Success streams(List<Answer.Success> parts, int limit, boolean forward, double seconds, int shards) {
        record Item(Labels stream, LogEntry entry) {}
        List<Item> items = new ArrayList<>();
        for (Answer.Success part : parts) {
            for (QueryResult.Stream s : ((QueryResult.Streams) part.result()).streams()) {
                s.entries().forEach(e -> items.add(new Item(s.labels(), e)));
            }
        }
        Comparator<Item> byTime = Comparator.comparingLong(i -> i.entry().timestampNanos());
        items.sort(forward ? byTime : byTime.reversed()); // stable: within a part, the querier's order stays
        Map<Labels, List<LogEntry>> streams = new LinkedHashMap<>();
        int kept = Math.min(limit, items.size());
        for (Item item : items.subList(0, kept)) {
            streams.computeIfAbsent(item.stream(), k -> new ArrayList<>()).add(item.entry());
        }
        List<QueryResult.Stream> result = new ArrayList<>(streams.size());
        streams.forEach((labels, entries) -> result.add(new QueryResult.Stream(labels, entries)));
        return new Answer.Success(
                new QueryResult.Streams(result), stats(parts, seconds, shards).withEntriesReturned(kept));
    }

    /**
     * Metric parts: time splits cover disjoint steps, so a series' points are concatenated in time
     * order; shards of one split answer the same steps for different streams, so a series' values at
     * one step are combined as the query's aggregation does ({@code combine}).
     */
    static Answer.Success matrices(List<Answer.Success> parts, double seconds, int shards, Sharding.Combine combine) {
        Map<Labels, TreeMap<Long, Double>> series = new TreeMap<>();
        for (Answer.Success part : parts) {
            for (QueryResult.Series s : ((QueryResult.Matrix) part.result()).series()) {
                TreeMap<Long, Double> points = series.computeIfAbsent(s.metric(), k -> new TreeMap<>());
                for (QueryResult.Point p : s.points()) {
                    points.merge(p.timeNanos(), p.value(), combine::apply);
                }
            }
        }
        List<QueryResult.Series> result = new ArrayList<>(series.size());
        series.forEach((labels, points) -> result.add(new QueryResult.Series(
                labels,
                points.entrySet().stream()
                        .map(e -> new QueryResult.Point(e.getKey(), e.getValue()))
                        .toList())));
        return new Answer.Success(new QueryResult.Matrix(result), stats(parts, seconds, shards));
    }

    /** The parts' statistics added up; the time and the split count describe the whole query. */
    private static QueryStats stats(List<Answer.Success> parts, double seconds, int shards) {
        QueryStats total = QueryStats.EMPTY;
        for (Answer.Success part : parts) {
            total = total.plus(part.stats());
        }
        return total.withExecTime(seconds).withSplits(parts.size() / Math.max(1, shards), shards);
    }
}
