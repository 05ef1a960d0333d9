// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.patterningester.internal.drain.Drain;
import io.skald.patterningester.internal.drain.DrainConfig;
import io.skald.patterningester.internal.drain.DrainMetrics;
import io.skald.patterningester.internal.drain.LineFormat;
import io.skald.patterningester.internal.drain.LogCluster;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The patterns of one stream: a Drain per detected level (from the {@code detected_level}
 * structured metadata, else {@code unknown}), created when the level is first seen, all in the
 * format guessed from the stream's first line. Methods are synchronized: training runs on the
 * hand-off thread, queries on request threads.
 */
final class PatternStream {
    static final String LEVEL_LABEL = "detected_level";
    static final String UNKNOWN = "unknown";
    private static final List<String> LEVELS =
            List.of(UNKNOWN, "debug", "info", "warn", "error", "fatal", "critical", "trace");

    final Labels labels;
    final LineFormat format;
    private final DrainConfig config;
    private final DrainMetrics metrics;
    private final LongSupplier clockMillis;
    private final Map<String, Drain> byLevel = new LinkedHashMap<>(4);
    private long newestNanos = Long.MIN_VALUE;

    PatternStream(
            Labels labels, LineFormat format, DrainConfig config, DrainMetrics metrics, LongSupplier clockMillis) {
        this.labels = labels;
        this.format = format;
        this.config = config;
        this.metrics = metrics;
        this.clockMillis = clockMillis;
    }

    /** Trains on the entries in order; as in Loki, an entry older than the newest one trained is skipped. */
    synchronized void push(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.timestampNanos() < newestNanos) {
                continue;
            }
            newestNanos = e.timestampNanos();
            String line = new String(e.line(), StandardCharsets.UTF_8);
            drain(level(e)).train(line, e.line().length, Math.floorDiv(e.timestampNanos(), 1_000_000L));
        }
    }

    private static String level(Entry e) {
        for (Labels.Label l : e.metadata()) {
            if (l.name().equals(LEVEL_LABEL)) {
                return l.value().toLowerCase(Locale.ROOT);
            }
        }
        return UNKNOWN;
    }

    private Drain drain(String level) {
        Drain d = byLevel.get(level);
        if (d != null) {
            return d;
        }
        String key = LEVELS.contains(level) ? level : UNKNOWN; // unexpected levels still train somewhere
        return byLevel.computeIfAbsent(key, k -> new Drain(config, format, metrics, clockMillis));
    }

    /** Adds this stream's samples in [from, through) to {@code out}. */
    synchronized void collect(long fromMillis, long throughMillis, long stepMillis, SeriesCollector out) {
        byLevel.forEach((level, drain) -> {
            for (LogCluster cluster : drain.clusters()) {
                String pattern = cluster.pattern();
                if (pattern.isEmpty()) {
                    continue;
                }
                TreeMap<Long, Long> series = out.series(level, pattern);
                cluster.samples()
                        .forRange(
                                fromMillis,
                                throughMillis,
                                stepMillis,
                                config.sampleIntervalMillis(),
                                (ts, count) -> series.merge(ts, count, Long::sum));
            }
        });
    }

    /**
     * Forgets samples older than {@code oldestMillis}, clusters left without any, and tree branches
     * leading nowhere; returns whether the stream has no cluster left (and can go).
     */
    synchronized boolean prune(long oldestMillis) {
        int left = 0;
        for (Drain drain : byLevel.values()) {
            for (LogCluster cluster : drain.clusters()) {
                cluster.prune(oldestMillis);
                if (cluster.size() == 0) {
                    drain.delete(cluster);
                }
            }
            drain.pruneTree();
            left += drain.clusters().size();
        }
        return left == 0;
    }

    synchronized int clusterCount() {
        int n = 0;
        for (Drain d : byLevel.values()) {
            n += d.clusters().size();
        }
        return n;
    }

    synchronized int sampleCount() {
        int n = 0;
        for (Drain d : byLevel.values()) {
            for (LogCluster c : d.clusters()) {
                n += c.samples().sampleCount();
            }
        }
        return n;
    }
}
