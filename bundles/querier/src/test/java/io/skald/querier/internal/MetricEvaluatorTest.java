// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skald.logql.LogQLParser;
import io.skald.logql.MetricQuery;
import io.skald.spi.log.Labels;
import io.skald.store.api.Entry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worked by hand from Loki's semantics: windows are (t − range, t]; empty windows give no point. */
class MetricEvaluatorTest {
    static final long S = 1_000_000_000L;

    static Entry at(long seconds, String line) {
        return new Entry(seconds * S, line.getBytes(StandardCharsets.UTF_8), List.of());
    }

    static final Labels ERRORS = Labels.of(Map.of("app", "a", "level", "error"));
    static final Labels INFOS = Labels.of(Map.of("app", "a", "level", "info"));

    static Map<Labels, List<Entry>> streams() {
        Map<Labels, List<Entry>> m = new LinkedHashMap<>();
        m.put(ERRORS, List.of(at(30, "e1"), at(60, "e2xx")));
        m.put(INFOS, List.of(at(40, "i1")));
        return m;
    }

    static String render(List<MetricEvaluator.Series> series) {
        StringBuilder b = new StringBuilder();
        for (MetricEvaluator.Series s : series) {
            b.append(s.labels()).append(':');
            s.points().forEach(p -> b.append(' ').append(p.timeNanos() / S).append('=').append(QueryService.formatValue(p.value())));
            b.append('\n');
        }
        return b.toString();
    }

    List<MetricEvaluator.Series> eval(String query, long start, long end, long step) throws Exception {
        return MetricEvaluator.evaluate((MetricQuery) LogQLParser.parse(query), streams(), start * S, end * S, step * S);
    }

    @Test
    void countOverTimeUsesLeftOpenWindows() throws Exception {
        assertEquals("""
                {app="a", level="error"}: 30=1 60=2 90=1
                {app="a", level="info"}: 60=1 90=1
                """, render(eval("count_over_time({app=\"a\"}[1m])", 0, 120, 30)));
    }

    @Test
    void ratesAndBytes() throws Exception {
        // (30, 60] holds e2 and i1; (60, 90] holds nothing, so no point at 90.
        assertEquals("""
                {app="a", level="error"}: 60=0.03333333333333333
                {app="a", level="info"}: 60=0.03333333333333333
                """, render(eval("rate({app=\"a\"}[30s])", 60, 90, 30)));
        assertEquals("""
                {app="a", level="error"}: 60=6
                {app="a", level="info"}: 60=2
                """, render(eval("bytes_over_time({app=\"a\"}[1m])", 60, 60, 1)));
    }

    @Test
    void vectorAggregationsGroup() throws Exception {
        assertEquals("""
                {}: 30=1 60=3 90=2
                """, render(eval("sum(count_over_time({app=\"a\"}[1m]))", 0, 120, 30)));
        assertEquals("""
                {level="error"}: 30=1 60=2 90=1
                {level="info"}: 60=1 90=1
                """, render(eval("sum by (level) (count_over_time({app=\"a\"}[1m]))", 0, 120, 30)));
        assertEquals("""
                {app="a"}: 30=1 60=2 90=1
                """, render(eval("max without (level) (count_over_time({app=\"a\"}[1m]))", 0, 120, 30)));
        assertEquals("""
                {}: 30=1 60=2 90=2
                """, render(eval("count(count_over_time({app=\"a\"}[1m]))", 0, 120, 30)));
        assertEquals("""
                {}: 30=1 60=1.5 90=1
                """, render(eval("avg(count_over_time({app=\"a\"}[1m]))", 0, 120, 30)));
    }
}
