// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import io.skald.patterningester.internal.drain.DrainMetrics;
import java.util.List;

/** Loki's pattern ingester metrics under Skald's prefix; registered while the module runs. */
final class PatternMetrics {
    /** Reason of {@link #linesSkipped} for lines the push hand-off had no room for (Skald's own). */
    static final String QUEUE_FULL = "queue_full";

    final Counter patternsEvicted = Counter.build(
                    "skald_pattern_ingester_patterns_evicted_total",
                    "The total number of patterns evicted from the LRU cache.")
            .labelNames("tenant", "format", "pruned")
            .create();
    final Counter patternsDetected = Counter.build(
                    "skald_pattern_ingester_patterns_detected_total",
                    "The total number of patterns detected from incoming log lines.")
            .labelNames("tenant", "format")
            .create();
    final Counter linesSkipped = Counter.build(
                    "skald_pattern_ingester_patterns_dropped_total",
                    "The total number of log lines skipped for pattern recognition.")
            .labelNames("tenant", "reason")
            .create();
    final Histogram tokensPerLine = Histogram.build(
                    "skald_pattern_ingester_tokens_per_line",
                    "The number of tokens an incoming logline is split into for pattern recognition.")
            .buckets(20, 40, 80, 120, 160, 320, 640, 1280)
            .labelNames("tenant", "format")
            .create();
    final Histogram statePerLine = Histogram.build(
                    "skald_pattern_ingester_state_per_line",
                    "The number of items of additional state returned alongside tokens for pattern recognition.")
            .buckets(20, 40, 80, 120, 160, 320, 640, 1280)
            .labelNames("tenant", "format")
            .create();
    final Counter queryPruned = Counter.build(
                    "skald_pattern_ingester_query_pruned_total",
                    "The total number of patterns removed at query time by the pruning Drain instance")
            .create();
    final Counter queryRetained = Counter.build(
                    "skald_pattern_ingester_query_retained_total",
                    "The total number of patterns retained at query time by the pruning Drain instance")
            .create();

    private final CollectorRegistry registry;
    private final List<Collector> all = List.of(
            patternsEvicted, patternsDetected, linesSkipped, tokensPerLine, statePerLine, queryPruned, queryRetained);

    PatternMetrics(CollectorRegistry registry) {
        this.registry = registry;
        if (registry != null) {
            all.forEach(registry::register);
        }
    }

    /** For tests: collectors that count but are registered nowhere. */
    static PatternMetrics unregistered() {
        return new PatternMetrics(null);
    }

    void unregister() {
        if (registry != null) {
            all.forEach(registry::unregister);
        }
    }

    /** The Drain callbacks of one stream, children resolved once rather than per line. */
    DrainMetrics forStream(String tenant, String format) {
        Counter.Child evicted = patternsEvicted.labels(tenant, format, "false");
        Counter.Child pruned = patternsEvicted.labels(tenant, format, "true");
        Counter.Child detected = patternsDetected.labels(tenant, format);
        Histogram.Child tokens = tokensPerLine.labels(tenant, format);
        Histogram.Child state = statePerLine.labels(tenant, format);
        return new DrainMetrics() {
            @Override
            public void patternDetected() {
                detected.inc();
            }

            @Override
            public void patternRemoved(boolean prune) {
                (prune ? pruned : evicted).inc();
            }

            @Override
            public void lineSkipped(String reason) {
                linesSkipped.labels(tenant, reason).inc();
            }

            @Override
            public void tokenized(int tokenCount, int spaces) {
                tokens.observe(tokenCount);
                state.observe(spaces);
            }
        };
    }
}
