// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.tail;

import io.skald.core.json.LokiJson;
import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.core.query.IndexShapes.DroppedEntry;
import io.skald.ingester.api.StreamEntries;
import io.skald.logql.LineState;
import io.skald.logql.LogQuery;
import io.skald.querier.internal.Results;
import io.skald.querier.internal.read.Querier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The messages of Loki's live tail: the history a tail starts with (read through the querier),
 * then what each push adds (from the ingester's hand-off), each entry sent once.
 */
final class TailQueries {
    private final Querier querier;

    TailQueries(Querier querier) {
        this.querier = querier;
    }

    /** Where a live tail stands: the newest timestamp sent and the entries sent at exactly that time. */
    static final class TailCursor {
        long after;
        final Set<String> sentAtLast = new HashSet<>();

        TailCursor(long start) {
            this.after = start;
        }
    }

    /**
     * The next message from the querier: entries in [cursor, to] not sent before, oldest first;
     * null when there is nothing new. The key of each entry sent is added to {@code sent} (when
     * not null), so the live pushes that follow skip what the history had.
     */
    String history(
            String tenant, LogQuery query, TailCursor cursor, long to, int limit, Set<String> sent, boolean categorize)
            throws IOException {
        if (to < cursor.after) {
            return null;
        }
        List<Querier.Stream> streams = querier.selectLogs(
                tenant, query, cursor.after, to + 1, limit + cursor.sentAtLast.size(), true, new Querier.Stats());
        Grouped fresh = new Grouped();
        long newest = cursor.after;
        List<String> atNewest = new ArrayList<>();
        int count = 0;
        for (Querier.Stream s : streams) {
            for (Entry e : s.entries()) {
                String key = s.labels() + "\u0000" + new String(e.line(), StandardCharsets.UTF_8);
                if (e.timestampNanos() == cursor.after && cursor.sentAtLast.contains(key)) {
                    continue;
                }
                if (count++ >= limit) {
                    break;
                }
                fresh.add(s.labels(), s.origin(), e);
                if (sent != null) {
                    sent.add(key(s.origin(), e));
                }
                if (e.timestampNanos() > newest) {
                    newest = e.timestampNanos();
                    atNewest.clear();
                }
                if (e.timestampNanos() == newest) {
                    atNewest.add(key);
                }
            }
        }
        if (fresh.isEmpty()) {
            return null;
        }
        if (newest != cursor.after) {
            cursor.sentAtLast.clear();
            cursor.after = newest;
        }
        cursor.sentAtLast.addAll(atNewest);
        return message(fresh, List.of(), categorize);
    }

    /**
     * A message from entries just pushed: those the query keeps, through its pipeline, except those
     * already sent with the history ({@code sent}). Null when nothing is left and nothing was dropped.
     */
    String live(
            LogQuery query,
            List<StreamEntries> batch,
            Set<String> sent,
            List<DroppedEntry> dropped,
            boolean categorize) {
        Grouped out = new Grouped();
        LineState state = new LineState();
        for (StreamEntries s : batch) {
            for (Entry e : s.entries()) {
                if (!query.matches(s.labels()) || !query.keep(e.line())) {
                    continue;
                }
                Labels labels = s.labels();
                Entry entry = e;
                if (!query.stages().isEmpty()) {
                    state.reset(s.labels(), e.timestampNanos(), e.line());
                    for (Labels.Label l : e.metadata()) {
                        state.labels().putIfAbsent(l.name(), l.value());
                    }
                    if (!query.process(state)) {
                        continue;
                    }
                    labels = state.resultLabels();
                    if (state.line() != e.line()) {
                        entry = new Entry(e.timestampNanos(), state.line(), e.metadata());
                    }
                }
                if (sent.contains(key(s.labels(), entry))) {
                    continue; // the history had it already
                }
                out.add(labels, s.labels(), entry);
            }
        }
        if (out.isEmpty() && dropped.isEmpty()) {
            return null;
        }
        return message(out, dropped, categorize);
    }

    private static String message(Grouped streams, List<DroppedEntry> dropped, boolean categorize) {
        return LokiJson.tailMessage(Results.streams(streams.streams(), true).streams(), dropped, categorize);
    }

    /** An entry as a tail sent it: its stream's own labels, its time and the line as sent. */
    static String key(Labels stream, Entry e) {
        return stream + "\u0000" + e.timestampNanos() + "\u0000" + new String(e.line(), StandardCharsets.UTF_8);
    }

    /** A tail's entries grouped by result labels and the labels of the stream they came from. */
    private static final class Grouped {
        private final Map<List<Labels>, List<Entry>> grouped = new LinkedHashMap<>();

        void add(Labels labels, Labels origin, Entry e) {
            grouped.computeIfAbsent(List.of(labels, origin), k -> new ArrayList<>())
                    .add(e);
        }

        boolean isEmpty() {
            return grouped.isEmpty();
        }

        List<Querier.Stream> streams() {
            List<Querier.Stream> out = new ArrayList<>();
            grouped.forEach((key, entries) -> out.add(new Querier.Stream(key.get(0), key.get(1), entries)));
            return out;
        }
    }
}
