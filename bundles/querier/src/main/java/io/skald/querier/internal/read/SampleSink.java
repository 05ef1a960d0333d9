// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.read;

import io.skald.core.model.Labels;
import io.skald.logql.LineState;
import io.skald.logql.LogQuery;
import io.skald.logql.MetricQuery;
import io.skald.logql.Stage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Runs each line of a range aggregation through the pipeline (and unwrap) and adds its sample to
 * the series of its resulting labels (grouped as it goes when a {@code by} grouping was pushed down).
 * Refuses what Loki refuses: a sample with {@code __error__}, and more than
 * {@link Querier#MAX_SERIES_IN_MEMORY} series.
 */
final class SampleSink {
    final Map<Labels, SampleList> out = new HashMap<>();
    private final LogQuery query;
    private final MetricQuery.LogRange range;
    private final MetricEvaluator.SampleKind kind;
    private final MetricQuery.Grouping grouping;
    private final LineState state = new LineState();
    private final boolean plain;
    private final Map<Labels, SampleList> byStream =
            new HashMap<>(); // the plain case: a stream's series, looked up once
    private final Map<String, SampleList> byValues = new HashMap<>(); // by (…): series by the grouping labels' values
    private final Supplier<SampleList> newSeries;

    SampleSink(
            MetricQuery.LogRange range,
            MetricEvaluator.SampleKind kind,
            MetricQuery.Grouping grouping,
            Supplier<SampleList> newSeries) {
        this.newSeries = newSeries;
        this.query = range.query();
        this.range = range;
        this.kind = kind;
        this.grouping = grouping;
        this.plain = query.stages().isEmpty() && range.unwrap() == null;
        if (grouping != null && !grouping.without()) {
            state.want(query.labelsRead(grouping.labels(), range.unwrap()));
        }
    }

    void accept(Labels stream, long ts, byte[] buffer, int offset, int length, List<Labels.Label> metadata) {
        if (plain && metadata.isEmpty()) {
            SampleList list = byStream.get(stream);
            if (list == null) {
                list = series(grouping == null ? stream : grouped(stream, grouping));
                byStream.put(stream, list);
            }
            list.add(ts, kind == MetricEvaluator.SampleKind.BYTES ? length : 1);
            return;
        }
        state.reset(stream, ts, buffer, offset, length);
        for (Labels.Label l : metadata) {
            state.labels().putIfAbsent(l.name(), l.value());
        }
        if (!query.process(state)) {
            return;
        }
        if (range.unwrap() != null && !range.unwrap().extract(state)) {
            return;
        }
        String error = state.get(Stage.ERROR);
        if (error != null) {
            throw new Querier.PipelineError(error, state.resultLabels());
        }
        if (grouping != null && !grouping.without()) { // no need to build the full label set: key on the values
            String key;
            List<String> by = grouping.labels();
            if (by.size() == 1) {
                String v = state.get(by.get(0));
                key = v == null ? "\u0001" : v;
            } else {
                StringBuilder b = new StringBuilder();
                for (String name : by) {
                    String v = state.get(name);
                    b.append(v == null ? "\u0001" : v).append('\u0000');
                }
                key = b.toString();
            }
            SampleList list = byValues.get(key);
            if (list == null) {
                list = series(grouped(state.labels(), by)); // once per series: the map is only read
                byValues.put(key, list);
            }
            list.add(ts, value());
            return;
        }
        Labels labels;
        {
            labels = state.resultLabels();
            if (range.unwrap() != null) {
                labels = withoutLabel(labels, range.unwrap().label(), grouping);
            }
            if (grouping != null) {
                labels = grouped(labels, grouping);
            }
        }
        series(labels).add(ts, value());
    }

    private double value() {
        return switch (kind) {
            case COUNT -> 1;
            case BYTES -> state.length();
            case UNWRAP -> state.value();
        };
    }

    private SampleList series(Labels labels) {
        SampleList list = out.get(labels);
        if (list == null) {
            if (out.size() >= Querier.MAX_SERIES_IN_MEMORY) {
                throw new Querier.TooManySeries(Querier.MAX_SERIES_IN_MEMORY);
            }
            list = newSeries.get();
            out.put(labels, list);
        }
        return list;
    }

    private static Labels grouped(Map<String, String> labels, List<String> by) {
        Map<String, String> kept = new TreeMap<>();
        for (String name : by) {
            String v = labels.get(name);
            if (v != null) {
                kept.put(name, v);
            }
        }
        return Labels.of(kept);
    }

    /** Loki drops the unwrapped label from a series unless a by() grouping names the labels kept. */
    private static Labels withoutLabel(Labels labels, String name, MetricQuery.Grouping grouping) {
        if (labels.get(name) == null || (grouping != null && !grouping.without())) {
            return labels;
        }
        return LabelSets.select(labels, List.of(name), false);
    }

    private static Labels grouped(Labels labels, MetricQuery.Grouping g) {
        return LabelSets.select(labels, g.labels(), !g.without());
    }
}
