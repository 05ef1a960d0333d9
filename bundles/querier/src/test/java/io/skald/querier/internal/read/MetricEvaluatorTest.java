// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.core.json.LokiJson;
import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.logql.LogQLParser;
import io.skald.logql.MetricQuery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expected values worked by hand from Loki's and Prometheus' semantics: windows are
 * (t − offset − range, t − offset]; empty windows give no point; vector matching as in PromQL.
 */
class MetricEvaluatorTest {
    static final long S = 1_000_000_000L;

    static Entry at(long seconds, String line) {
        return new Entry(seconds * S, line.getBytes(StandardCharsets.UTF_8), List.of());
    }

    static final Labels ERRORS = Labels.of(Map.of("app", "a", "level", "error"));
    static final Labels INFOS = Labels.of(Map.of("app", "a", "level", "info"));
    static final Labels API = Labels.of(Map.of("app", "api"));

    static Map<Labels, List<Entry>> streams() {
        Map<Labels, List<Entry>> m = new LinkedHashMap<>();
        m.put(ERRORS, List.of(at(30, "e1"), at(60, "e2xx")));
        m.put(INFOS, List.of(at(40, "i1")));
        // logfmt lines with a latency and a counter, for unwrap
        m.put(
                API,
                List.of(
                        at(10, "path=/a latency=100ms size=1KB total=10"),
                        at(20, "path=/a latency=300ms size=2KB total=20"),
                        at(30, "path=/b latency=1s size=1KiB total=5"), // counter reset
                        at(40, "path=/b latency=oops size=3KB total=15")));
        return m;
    }

    /** Reads the in-memory streams as the querier reads chunks: matchers, time range, leading filters, then samples. */
    static MetricEvaluator.SampleSource source() {
        return (range, kind, grouping, from, to, newSeries) -> {
            Map<Labels, List<Entry>> selected = new LinkedHashMap<>();
            streams().forEach((labels, entries) -> {
                if (range.query().matches(labels)) {
                    List<Entry> kept = new ArrayList<>();
                    for (Entry e : entries) {
                        if (e.timestampNanos() >= from
                                && e.timestampNanos() < to
                                && range.query().keep(e.line())) {
                            kept.add(e);
                        }
                    }
                    selected.put(labels, kept);
                }
            });
            return Querier.toSamples(selected, range, kind, grouping, newSeries);
        };
    }

    static String render(MetricEvaluator.Result result) {
        StringBuilder b = new StringBuilder();
        for (MetricEvaluator.Series s : result.series()) {
            b.append(s.labels()).append(':');
            s.points()
                    .forEach(p -> b.append(' ')
                            .append(p.timeNanos() / S)
                            .append('=')
                            .append(LokiJson.formatValue(p.value())));
            b.append('\n');
        }
        return b.toString();
    }

    String eval(String query, long start, long end, long step) throws Exception {
        return render(MetricEvaluator.evaluate(
                (MetricQuery) LogQLParser.parse(query), source(), start * S, end * S, step * S));
    }

    @Test
    void countOverTimeUsesLeftOpenWindows() throws Exception {
        assertEquals("""
                {app="a", level="error"}: 30=1 60=2 90=1
                {app="a", level="info"}: 60=1 90=1
                """, eval("count_over_time({app=\"a\"}[1m])", 0, 120, 30));
    }

    @Test
    void ratesAndBytes() throws Exception {
        // (30, 60] holds e2 and i1; (60, 90] holds nothing, so no point at 90.
        assertEquals("""
                {app="a", level="error"}: 60=0.03333333333333333
                {app="a", level="info"}: 60=0.03333333333333333
                """, eval("rate({app=\"a\"}[30s])", 60, 90, 30));
        assertEquals("""
                {app="a", level="error"}: 60=6
                {app="a", level="info"}: 60=2
                """, eval("bytes_over_time({app=\"a\"}[1m])", 60, 60, 1));
    }

    @Test
    void offsetShiftsTheWindowBack() throws Exception {
        // at t=90 with offset 30s the window is (0, 60]: e1 and e2
        assertEquals("""
                {app="a", level="error"}: 90=2
                """, eval("count_over_time({app=\"a\", level=\"error\"}[1m] offset 30s)", 90, 90, 1));
    }

    @Test
    void vectorAggregationsGroup() throws Exception {
        assertEquals("""
                {}: 30=1 60=3 90=2
                """, eval("sum(count_over_time({app=\"a\"}[1m]))", 0, 120, 30));
        assertEquals("""
                {level="error"}: 30=1 60=2 90=1
                {level="info"}: 60=1 90=1
                """, eval("sum by (level) (count_over_time({app=\"a\"}[1m]))", 0, 120, 30));
        assertEquals("""
                {app="a"}: 30=1 60=2 90=1
                """, eval("max without (level) (count_over_time({app=\"a\"}[1m]))", 0, 120, 30));
        assertEquals("""
                {}: 30=1 60=2 90=2
                """, eval("count(count_over_time({app=\"a\"}[1m]))", 0, 120, 30));
        assertEquals("""
                {}: 30=1 60=1.5 90=1
                """, eval("avg(count_over_time({app=\"a\"}[1m]))", 0, 120, 30));
        // at 60: values 2 and 1, mean 1.5, population variance 0.25
        assertEquals("""
                {}: 60=0.25
                """, eval("stdvar(count_over_time({app=\"a\"}[1m]))", 60, 60, 1));
        assertEquals("""
                {}: 60=0.5
                """, eval("stddev(count_over_time({app=\"a\"}[1m]))", 60, 60, 1));
    }

    @Test
    void topkAndBottomkKeepTheirLabels() throws Exception {
        assertEquals("""
                {app="a", level="error"}: 60=2
                """, eval("topk(1, count_over_time({app=\"a\"}[1m]))", 60, 60, 1));
        assertEquals("""
                {app="a", level="info"}: 60=1
                """, eval("bottomk(1, count_over_time({app=\"a\"}[1m]))", 60, 60, 1));
        MetricEvaluator.Result sorted = MetricEvaluator.evaluate(
                (MetricQuery) LogQLParser.parse("sort(count_over_time({app=\"a\"}[1m]))"), source(), 60 * S, 60 * S, 1);
        assertEquals(INFOS, sorted.series().get(0).labels(), "sort orders an instant vector by value, ascending");
        MetricEvaluator.Result desc = MetricEvaluator.evaluate(
                (MetricQuery) LogQLParser.parse("sort_desc(count_over_time({app=\"a\"}[1m]))"),
                source(),
                60 * S,
                60 * S,
                1);
        assertEquals(ERRORS, desc.series().get(0).labels());
    }

    @Test
    void unwrappedRangeAggregations() throws Exception {
        String q = "{app=\"api\"} | logfmt | unwrap duration(latency) | __error__=\"\" [1m]";
        // window (−10, 50] at t=50 holds 0.1 s, 0.3 s and 1 s; "oops" is dropped by the error filter
        assertEquals(
                "{app=\"api\", path=\"/a\", size=\"1KB\", total=\"10\"}",
                firstLabels("sum_over_time(" + q + ")"),
                "the unwrapped label leaves the series; the others stay");
        assertEquals("""
                {}: 50=1.4
                """, eval("sum(sum_over_time(" + q + "))", 50, 50, 1));
        assertEquals("""
                {}: 50=1
                """, eval("max(max_over_time(" + q + "))", 50, 50, 1));
        assertEquals("""
                {path="/a"}: 50=0.2
                {path="/b"}: 50=1
                """, eval("avg_over_time(" + q + ") by (path)", 50, 50, 1));
        assertEquals("""
                {path="/a"}: 50=0.1
                {path="/b"}: 50=1
                """, eval("first_over_time(" + q + ") by (path)", 50, 50, 1));
        // 0.1 and 0.3: rank 0.5 × 1 → interpolated halfway, 0.2; a single 1 s stays 1
        assertEquals("""
                {path="/a"}: 50=0.2
                {path="/b"}: 50=1
                """, eval("quantile_over_time(0.5, " + q + ") by (path)", 50, 50, 1));
        assertEquals("""
                {}: 50=0.02333333333333333
                """, eval("sum(rate(" + q + "))", 50, 50, 1));
        assertEquals(
                """
                {}: 50=7024
                """,
                eval("sum(sum_over_time({app=\"api\"} | logfmt | unwrap bytes(size) [1m]))", 50, 50, 1),
                "1KB + 2KB + 1KiB + 3KB = 1000 + 2000 + 1024 + 3000");
    }

    private String firstLabels(String query) throws Exception {
        return MetricEvaluator.evaluate((MetricQuery) LogQLParser.parse(query), source(), 50 * S, 50 * S, 1)
                .series()
                .get(0)
                .labels()
                .toString();
    }

    @Test
    void unwrapConversionErrorsFailTheQueryUnlessFiltered() {
        Querier.PipelineError e = assertThrows(
                Querier.PipelineError.class,
                () -> eval("sum(sum_over_time({app=\"api\"} | logfmt | unwrap duration(latency) [1m]))", 50, 50, 1));
        assertTrue(e.getMessage().startsWith("pipeline error: 'SampleExtractionErr' for series: "), e.getMessage());
    }

    @Test
    void rateCounterExtrapolatesAndHandlesResets() throws Exception {
        // totals 10, 20, 5 (reset), 15 at 10..40 s; window (−20, 40]: increase = 15 − 10 + 20 (the reset) = 25.
        // Sampled 30 s; 30 s to the window start is more than 1.1 × the 10 s average, so half an interval (5 s)
        // is added there, and none at the end (the last sample is at the window end): 25 × 35/30 / 60 s.
        assertEquals("""
                {app="api"}: 40=0.4861111111111111
                """, eval("rate_counter({app=\"api\"} | logfmt total | unwrap total [1m])", 40, 40, 1));
    }

    @Test
    void absentOverTimeAnswersWhereNothingIs() throws Exception {
        assertEquals("""
                {app="nope"}: 0=1 60=1
                """, eval("absent_over_time({app=\"nope\"}[30s])", 0, 60, 60));
        // e1 at 30 s: (0, 30] is not empty at 30; (30, 60] holds e2
        assertEquals("""
                {app="a", level="error"}: 0=1
                """, eval("absent_over_time({app=\"a\", level=\"error\"}[30s])", 0, 60, 30));
    }

    @Test
    void binaryOperatorsWithScalarsAndVectors() throws Exception {
        assertEquals("""
                {}: 60=7
                """, eval("1 + 2 * 3", 60, 60, 1));
        assertEquals("""
                {}: 60=512
                """, eval("2 ^ 3 ^ 2", 60, 60, 1), "^ is right-associative");
        assertEquals("""
                {app="a", level="error"}: 60=20
                {app="a", level="info"}: 60=10
                """, eval("count_over_time({app=\"a\"}[1m]) * 10", 60, 60, 1));
        assertEquals("""
                {app="a", level="error"}: 60=2
                """, eval("count_over_time({app=\"a\"}[1m]) > 1", 60, 60, 1));
        assertEquals("""
                {app="a", level="error"}: 60=1
                {app="a", level="info"}: 60=0
                """, eval("count_over_time({app=\"a\"}[1m]) > bool 1", 60, 60, 1));
        // each level's share of the total: 2/3 and 1/3
        assertEquals(
                """
                {level="error"}: 60=0.6666666666666666
                {level="info"}: 60=0.3333333333333333
                """,
                eval(
                        "sum by (level) (count_over_time({app=\"a\"}[1m])) / ignoring (level) group_left sum(count_over_time({app=\"a\"}[1m]))",
                        60,
                        60,
                        1));
        assertEquals(
                """
                {level="error"}: 60=0.6666666666666666
                {level="info"}: 60=0.3333333333333333
                """,
                eval(
                        "sum by (level) (count_over_time({app=\"a\"}[1m])) / on () group_left sum(count_over_time({app=\"a\"}[1m]))",
                        60,
                        60,
                        1));
        assertEquals(
                """
                {app="a"}: 60=4
                """,
                eval(
                        "sum by (app) (count_over_time({app=\"a\"}[1m])) + on (app) sum by (app) (count_over_time({app=\"a\"}[1m])) - on (app) sum by (app) (count_over_time({app=\"a\", level=\"info\"}[1m])) * 2",
                        60,
                        60,
                        1));
    }

    @Test
    void setOperatorsAndVectorLiteral() throws Exception {
        assertEquals(
                """
                {app="a", level="error"}: 60=2
                """,
                eval(
                        "count_over_time({app=\"a\"}[1m]) and count_over_time({app=\"a\", level=\"error\"}[1m])",
                        60,
                        60,
                        1));
        assertEquals(
                """
                {app="a", level="info"}: 60=1
                """,
                eval(
                        "count_over_time({app=\"a\"}[1m]) unless count_over_time({app=\"a\", level=\"error\"}[1m])",
                        60,
                        60,
                        1));
        // nothing at 0 s: "or vector(0)" fills the gap, as dashboards use it
        assertEquals("""
                {}: 0=0 60=3
                """, eval("sum(count_over_time({app=\"a\"}[1m])) or vector(0)", 0, 60, 60));
    }

    @Test
    void labelReplaceRewritesLabels() throws Exception {
        assertEquals(
                """
                {app="a", level="error", sev="err"}: 60=2
                {app="a", level="info", sev="inf"}: 60=1
                """,
                eval(
                        "label_replace(count_over_time({app=\"a\"}[1m]), \"sev\", \"$1\", \"level\", \"(.{3}).*\")",
                        60, 60, 1));
        assertEquals(
                """
                {app="a", level="error"}: 60=2
                {app="a", level="info"}: 60=1
                """,
                eval(
                        "label_replace(count_over_time({app=\"a\"}[1m]), \"sev\", \"$1\", \"level\", \"x(.*)\")",
                        60,
                        60,
                        1),
                "no match leaves the labels as they are");
    }

    @Test
    void manyToManyIsRefused() {
        MetricEvaluator.EvaluationException e = assertThrows(
                MetricEvaluator.EvaluationException.class,
                () -> eval("count_over_time({app=\"a\"}[1m]) / on () count_over_time({app=\"a\"}[1m])", 60, 60, 1));
        assertTrue(e.getMessage().contains("many-to-many matching not allowed"), e.getMessage());
    }
}
