// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import io.skald.spi.log.Labels;
import java.util.List;
import java.util.stream.Collectors;

/** A log query: a stream selector and the line filters after it. {@link #toString()} is the formatted query. */
public record LogQuery(List<Matcher> matchers, List<LineFilter> filters) {
    public LogQuery {
        matchers = List.copyOf(matchers);
        filters = List.copyOf(filters);
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
        for (LineFilter f : filters) {
            if (!f.test(line)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        String selector = matchers.stream().map(Matcher::toString).collect(Collectors.joining(", ", "{", "}"));
        return filters.isEmpty() ? selector
                : selector + " " + filters.stream().map(LineFilter::toString).collect(Collectors.joining(" "));
    }
}
