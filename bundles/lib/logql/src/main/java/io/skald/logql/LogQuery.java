// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import io.skald.core.model.Labels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A log query: the stream selector, the line filters written straight after it (which run on raw
 * bytes before anything is parsed: the pushdown), and the rest of the pipeline; when sharded, the
 * {@link Shard} of the selected streams it reads (null: all of them). {@link #toString()} is the
 * formatted query (the shard is not part of LogQL).
 */
public record LogQuery(List<Matcher> matchers, List<LineFilter> filters, List<Stage> stages, Shard shard) {
    public LogQuery {
        matchers = List.copyOf(matchers);
        filters = List.copyOf(filters);
        stages = List.copyOf(stages);
    }

    public LogQuery(List<Matcher> matchers, List<LineFilter> filters, List<Stage> stages) {
        this(matchers, filters, stages, null);
    }

    public LogQuery(List<Matcher> matchers, List<LineFilter> filters) {
        this(matchers, filters, List.of());
    }

    /** The same query, reading only the streams of {@code shard}. */
    public LogQuery withShard(Shard shard) {
        return new LogQuery(matchers, filters, stages, shard);
    }

    /** Runs the stages after the leading filters on a line that passed them; false drops the line. */
    public boolean process(LineState line) {
        for (Stage s : stages) {
            if (!s.process(line)) {
                return false;
            }
        }
        return true;
    }

    /** The labels of a kept line (the stream's plus what the pipeline made of them), or null when it is dropped. */
    public Labels labelsOf(Labels stream, byte[] line) {
        if (stages.isEmpty()) {
            return stream;
        }
        LineState state = new LineState().reset(stream, 0, line);
        return process(state) ? state.resultLabels() : null;
    }

    /**
     * The labels the pipeline reads (label filters, drop/keep, the unwrap and its filters) plus
     * {@code outputs}: what parsers must extract when only {@code outputs} are wanted in the end.
     * Null when a template (line_format, label_format) may read any label.
     */
    public Set<String> labelsRead(Collection<String> outputs, MetricQuery.Unwrap unwrap) {
        Set<String> names = new HashSet<>(outputs);
        names.add(Stage.ERROR);
        names.add(Stage.ERROR_DETAILS);
        List<Stage> all = new ArrayList<>(stages);
        if (unwrap != null) {
            names.add(unwrap.label());
            all.addAll(unwrap.postFilters());
        }
        for (Stage s : all) {
            if (s instanceof Formatters.LineFormat || s instanceof Formatters.LabelFormat) {
                return null;
            }
            if (s instanceof LabelFilter f) {
                f.names(names);
            } else if (s instanceof Formatters.Drop d) {
                d.names(names);
            } else if (s instanceof Formatters.Keep k) {
                k.names(names);
            }
        }
        return names;
    }

    /**
     * The error Loki reports when this query's pipeline is built to run (a line filter's bad regex,
     * {@code ip()} with a regex operator), or null. Loki checks these at execution, not when parsing,
     * so a query that reads no data is refused all the same.
     */
    public String runtimeError() {
        for (LineFilter f : filters) {
            if (f.regexError() != null) {
                return f.regexError();
            }
        }
        for (Stage s : stages) {
            if (s instanceof LineFilter f && f.regexError() != null) {
                return f.regexError();
            }
        }
        return null;
    }

    public boolean matches(Labels labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return shard == null || shard.owns(labels);
    }

    public boolean keep(byte[] line) {
        return keep(line, 0, line.length);
    }

    /** The leading line filters on a line lying in a larger buffer (a decompressed block), without copying it. */
    public boolean keep(byte[] buffer, int offset, int length) {
        for (LineFilter f : filters) {
            if (!f.test(buffer, offset, length)) {
                return false;
            }
        }
        return true;
    }

    /** The stream selector alone, formatted. */
    public String selector() {
        return matchers.stream().map(Matcher::toString).collect(Collectors.joining(", ", "{", "}"));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(selector());
        filters.forEach(f -> b.append(' ').append(f));
        stages.forEach(s -> b.append(' ').append(s));
        return b.toString();
    }
}
