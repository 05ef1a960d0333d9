// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import io.skald.spi.log.Labels;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A log query: the stream selector, the line filters written straight after it (which run on raw
 * bytes before anything is parsed: the pushdown), and the rest of the pipeline. {@link #toString()}
 * is the formatted query.
 */
public record LogQuery(List<Matcher> matchers, List<LineFilter> filters, List<Stage> stages) {
    public LogQuery {
        matchers = List.copyOf(matchers);
        filters = List.copyOf(filters);
        stages = List.copyOf(stages);
    }

    public LogQuery(List<Matcher> matchers, List<LineFilter> filters) {
        this(matchers, filters, List.of());
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

    public boolean matches(Labels labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
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
