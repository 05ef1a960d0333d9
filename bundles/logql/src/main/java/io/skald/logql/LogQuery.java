// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import io.skald.spi.log.Labels;
import java.util.List;
import java.util.stream.Collectors;

/** A log query: a stream selector and the line filters after it. {@link #toString()} is the formatted query. */
public record LogQuery(List<Matcher> matchers, List<LineFilter> filters, List<Stage> stages) {
    public LogQuery {
        matchers = List.copyOf(matchers);
        filters = List.copyOf(filters);
        stages = List.copyOf(stages);
    }

    public LogQuery(List<Matcher> matchers, List<LineFilter> filters) {
        this(matchers, filters, List.of());
    }

    /**
     * The labels of a kept line: the stream's, plus what parsers extracted; {@code null} when a label
     * filter drops it. Without stages, the stream's labels themselves (no copying).
     */
    public Labels labelsOf(Labels stream, byte[] line) {
        if (stages.isEmpty()) {
            return stream;
        }
        java.util.Map<String, String> labels = new java.util.TreeMap<>();
        stream.asList().forEach(l -> labels.put(l.name(), l.value()));
        for (Stage s : stages) {
            if (!s.apply(line, labels)) {
                return null;
            }
        }
        return Labels.of(labels);
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

    /** The line filters on a line lying in a larger buffer (a decompressed block), without copying it. */
    public boolean keep(byte[] buffer, int offset, int length) {
        for (LineFilter f : filters) {
            if (!f.test(buffer, offset, length)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        String selector = matchers.stream().map(Matcher::toString).collect(Collectors.joining(", ", "{", "}"));
        StringBuilder b = new StringBuilder(selector);
        filters.forEach(f -> b.append(' ').append(f));
        stages.forEach(s -> b.append(' ').append(s));
        return b.toString();
    }
}
