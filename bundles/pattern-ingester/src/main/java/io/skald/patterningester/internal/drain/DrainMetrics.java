// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

/** What a Drain reports; the module maps it onto Loki's pattern ingester metrics. */
public interface DrainMetrics {
    String TOO_FEW_TOKENS = "too_few_tokens";
    String TOO_MANY_TOKENS = "too_many_tokens";
    String LINE_TOO_LONG = "line_too_long";

    DrainMetrics NONE = new DrainMetrics() {};

    default void patternDetected() {}

    /** A cluster left the cache: evicted as least recently used, or {@code pruned} because its samples expired. */
    default void patternRemoved(boolean pruned) {}

    default void lineSkipped(String reason) {}

    default void tokenized(int tokens, int spaces) {}
}
