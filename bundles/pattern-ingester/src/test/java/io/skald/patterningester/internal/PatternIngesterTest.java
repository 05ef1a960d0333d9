// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.ingester.api.StreamEntries;
import io.skald.logql.LogQLParser;
import io.skald.patterningester.internal.drain.DrainConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The engine: pushes per tenant and stream in, Loki's pruned and bucketed patterns out, old samples forgotten. */
class PatternIngesterTest {
    static final long T0 = 1_700_000_000_000L;
    static final long HOUR = 3_600_000;
    static final Labels WEB = Labels.of(Map.of("app", "web"));
    static final Labels API = Labels.of(Map.of("app", "api"));

    final AtomicLong now = new AtomicLong(T0);
    final PatternMetrics metrics = PatternMetrics.unregistered();

    PatternIngester engine(int queuedEntries) {
        return new PatternIngester(
                new PatternIngester.Settings(DrainConfig.defaults(), 3 * HOUR, 60_000, 16, queuedEntries),
                metrics,
                now::get);
    }

    static List<Entry> entries(IntFunction<String> lines, int n, long fromMillis, long everyMillis, String level) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Entry(
                    (fromMillis + i * everyMillis) * 1_000_000L,
                    lines.apply(i).getBytes(StandardCharsets.UTF_8),
                    level == null ? List.of() : List.of(new Labels.Label("detected_level", level))));
        }
        return out;
    }

    List<PatternSeries> query(
            PatternIngester engine, String tenant, String selector, long from, long through, long step)
            throws Exception {
        return engine.patterns(tenant, LogQLParser.parseSelector(selector), from, through, step);
    }

    @Test
    void patternsCountEveryLineOfTheSelectedStreamsPerTenant() throws Exception {
        PatternIngester engine = engine(1000);
        engine.train(
                "fake",
                List.of(
                        new StreamEntries(WEB, entries(LogGenerators.nginx(1), 600, T0, 1000, null)),
                        new StreamEntries(API, entries(LogGenerators.logfmt(2), 300, T0, 1000, "info"))));
        engine.train("other", List.of(new StreamEntries(WEB, entries(LogGenerators.nginx(3), 25, T0, 1000, null))));

        List<PatternSeries> web = query(engine, "fake", "{app=\"web\"}", T0, T0 + HOUR, 60_000);
        assertEquals(
                List.of(
                        "<_> - - [<_> +0000] \"GET <_> HTTP/1.1\" <_> <_> \"-\" \"<_>\"",
                        "<_> - - [<_> +0000] \"POST <_> HTTP/1.1\" 201 <_> \"-\" \"<_>\""),
                web.stream().map(PatternSeries::pattern).toList());
        assertEquals(600, web.stream().mapToLong(PatternSeries::total).sum());
        assertEquals("unknown", web.get(0).level());
        // 600 lines a second apart in one-minute steps: ten buckets, aligned to the minute.
        PatternSeries get = web.get(0);
        assertEquals(11, get.timestampsMillis().length, Arrays.toString(get.timestampsMillis()));
        assertTrue(Arrays.stream(get.timestampsMillis()).allMatch(t -> t % 60_000 == 0));

        List<PatternSeries> api = query(engine, "fake", "{app=~\"a.*\"}", T0, T0 + HOUR, 10_000);
        assertEquals(3, api.size());
        assertTrue(api.stream().allMatch(s -> s.level().equals("info")));
        assertEquals(300, api.stream().mapToLong(PatternSeries::total).sum());

        assertEquals(
                List.of(),
                query(engine, "other", "{app=\"web\"}", T0, T0 + HOUR, 60_000),
                "25 lines: under Loki's 30-line minimum per pattern");
        assertEquals(List.of(), query(engine, "nobody", "{app=\"web\"}", T0, T0 + HOUR, 60_000));
    }

    @Test
    void theRangeIsHonouredAndSmallStepsBecomeTheSampleInterval() throws Exception {
        PatternIngester engine = engine(1000);
        engine.train(
                "fake",
                List.of(new StreamEntries(
                        API, entries(i -> "job " + (i % 3) + " finished in " + i + " ms", 120, T0, 1000, null))));
        List<PatternSeries> all = query(engine, "fake", "{app=\"api\"}", T0, T0 + HOUR, 1);
        assertEquals(1, all.size());
        assertEquals("job <_> finished in <_> ms", all.get(0).pattern());
        assertEquals(12, all.get(0).counts().length, "10 s buckets");
        List<PatternSeries> firstMinute = query(engine, "fake", "{app=\"api\"}", T0, T0 + 60_000, 10_000);
        assertEquals(60, firstMinute.get(0).total());
    }

    @Test
    void samplesOlderThanRetainForAreForgottenAndEmptyStreamsGo() throws Exception {
        PatternIngester engine = engine(1000);
        engine.train("fake", List.of(new StreamEntries(API, entries(LogGenerators.logfmt(2), 300, T0, 1000, null))));
        now.set(T0 + 2 * HOUR);
        engine.train(
                "fake",
                List.of(new StreamEntries(API, entries(LogGenerators.logfmt(5), 300, T0 + 2 * HOUR, 1000, null))));
        now.set(T0 + 3 * HOUR + 10 * 60_000);
        engine.sweep();
        assertEquals(
                300,
                query(engine, "fake", "{app=\"api\"}", T0, now.get(), 60_000).stream()
                        .mapToLong(PatternSeries::total)
                        .sum(),
                "the first hour is gone, the third stays");
        now.set(T0 + 6 * HOUR);
        engine.sweep();
        assertEquals(0, engine.streamCount("fake"));
    }

    @Test
    void aFullHandOffDropsAndCountsInsteadOfWaiting() {
        PatternIngester engine = engine(100); // not started: nothing drains the queue
        List<StreamEntries> push =
                List.of(new StreamEntries(API, entries(LogGenerators.logfmt(2), 60, T0, 1000, null)));
        engine.accept("fake", push);
        engine.accept("fake", push); // 120 > 100 entries waiting
        assertEquals(
                60.0,
                metrics.linesSkipped.labels("fake", PatternMetrics.QUEUE_FULL).get());
    }

    @Test
    void theWorkerMinesWhatIsHandedOff() throws Exception {
        PatternIngester engine = engine(1000);
        engine.start();
        try {
            engine.accept(
                    "fake", List.of(new StreamEntries(API, entries(LogGenerators.logfmt(2), 300, T0, 1000, null))));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (engine.streamCount("fake") == 0
                    || query(engine, "fake", "{app=\"api\"}", T0, T0 + HOUR, 60_000)
                                    .size()
                            < 3) {
                assertTrue(System.nanoTime() < deadline, "mined within 5 s");
                Thread.sleep(10);
            }
        } finally {
            engine.stop();
        }
    }
}
