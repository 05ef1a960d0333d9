// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.patterningester.internal.drain.Drain;
import io.skald.patterningester.internal.drain.DrainConfig;
import io.skald.patterningester.internal.drain.DrainMetrics;
import io.skald.patterningester.internal.drain.LineFormat;
import io.skald.patterningester.internal.drain.LogCluster;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Drain on generated nginx, logfmt and JSON logs: a handful of patterns whose counts add up to the lines. */
class DrainPatternsTest {
    static Stream<Arguments> logs() {
        return Stream.of(
                Arguments.of(
                        "nginx",
                        LogGenerators.nginx(1),
                        LineFormat.UNKNOWN,
                        List.of(
                                "<_> - - [<_> +0000] \"GET <_> HTTP/1.1\" <_> <_> \"-\" \"<_>\"",
                                "<_> - - [<_> +0000] \"POST <_> HTTP/1.1\" 201 <_> \"-\" \"<_>\"")),
                Arguments.of(
                        "logfmt",
                        LogGenerators.logfmt(2),
                        LineFormat.LOGFMT,
                        List.of(
                                "ts=<_> level=info caller=<_> msg=\"request served\" method=GET status=200 duration=<_>",
                                "ts=<_> level=warn caller=cache.go:42 msg=\"cache miss\" key=<_>",
                                "ts=<_> level=error caller=db.go:77 msg=\"query failed\" err=\"connection reset by peer\" retry=<_>")),
                // JSON: only the message is mined, the JSON around it is a placeholder; Drain keeps leading
                // words (the user's name) as constants, so each user is a pattern of its own, as in Loki.
                Arguments.of(
                        "json",
                        LogGenerators.json(3),
                        LineFormat.JSON,
                        List.of(
                                "<_>payment declined for card ending <_>, retrying in <_>",
                                "<_>order <_> shipped to warehouse <_>",
                                "<_>user alice logged in from <_>",
                                "<_>user carol logged in from <_>",
                                "<_>user erin logged in from <_>",
                                "<_>user bob logged in from <_>",
                                "<_>user dave logged in from <_>")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logs")
    void aFewPatternsCountEveryLine(
            String name, IntFunction<String> lines, LineFormat expectedFormat, List<String> expected) {
        assertEquals(expectedFormat, LineFormat.detect(lines.apply(0)));
        Drain drain = new Drain(DrainConfig.defaults(), expectedFormat, DrainMetrics.NONE, () -> 0L);
        int n = 5000;
        for (int i = 0; i < n; i++) {
            String line = lines.apply(i);
            drain.train(line, line.getBytes(StandardCharsets.UTF_8).length, 1_700_000_000_000L + i * 100L);
        }
        List<LogCluster> clusters = drain.clusters().stream()
                .sorted(Comparator.comparingLong(LogCluster::size).reversed())
                .toList();
        assertEquals(expected, clusters.stream().map(LogCluster::pattern).toList());
        assertEquals(n, clusters.stream().mapToLong(LogCluster::size).sum(), "every line counted once");
        long samples = 0;
        for (LogCluster c : clusters) {
            long[] sum = {0};
            c.samples().forRange(0, Long.MAX_VALUE, 10_000, 10_000, (ts, count) -> sum[0] += count);
            assertEquals(c.size(), sum[0], "the samples of " + c.pattern() + " count its lines");
            samples += c.samples().sampleCount();
        }
        assertTrue(samples <= clusters.size() * 51L, "10 s buckets over 500 s: " + samples);
    }
}
