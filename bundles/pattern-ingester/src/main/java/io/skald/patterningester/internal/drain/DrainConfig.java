// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

import java.util.List;

/**
 * Drain's parameters, with Loki's defaults ({@link #defaults()}).
 *
 * @param logClusterDepth      depth of the prefix tree plus two: how many leading tokens route a line to its leaf
 * @param similarityThreshold  share of equal tokens a line needs to join a cluster
 * @param maxChildren          fan-out of a tree node before new tokens share the wildcard child
 * @param maxClusters          clusters kept per Drain (one per stream and level); the least recently used go first
 * @param placeholder          what a varying token becomes in a pattern
 * @param maxEvictionRatio     evicted/added clusters above which training pauses for ten minutes
 * @param maxLineLength        longer lines (bytes) are not mined
 * @param maxChunkAgeMillis    time span of one chunk of samples
 * @param sampleIntervalMillis width of one sample bucket
 * @param jsonFields           the top-level JSON fields whose string value is mined, first found wins
 */
public record DrainConfig(
        int logClusterDepth,
        double similarityThreshold,
        int maxChildren,
        int maxClusters,
        String placeholder,
        double maxEvictionRatio,
        int maxLineLength,
        long maxChunkAgeMillis,
        long sampleIntervalMillis,
        List<String> jsonFields) {
    /** Loki's {@code pattern_ingester_tokenizable_json_fields_default}. */
    public static final List<String> DEFAULT_JSON_FIELDS = List.of("log", "message", "msg", "msg_", "_msg", "content");

    public DrainConfig {
        if (logClusterDepth < 3) {
            throw new IllegalArgumentException("depth argument must be at least 3");
        }
        jsonFields = List.copyOf(jsonFields);
    }

    public static DrainConfig defaults() {
        return new DrainConfig(30, 0.3, 15, 300, "<_>", 0.25, 3000, 3_600_000, 10_000, DEFAULT_JSON_FIELDS);
    }

    /** Tree levels below the token-count layer that are walked by token. */
    int maxNodeDepth() {
        return logClusterDepth - 2;
    }

    public DrainConfig withMaxClusters(int clusters) {
        return new DrainConfig(
                logClusterDepth,
                similarityThreshold,
                maxChildren,
                clusters,
                placeholder,
                maxEvictionRatio,
                maxLineLength,
                maxChunkAgeMillis,
                sampleIntervalMillis,
                jsonFields);
    }

    public DrainConfig withJsonFields(List<String> fields) {
        return new DrainConfig(
                logClusterDepth,
                similarityThreshold,
                maxChildren,
                maxClusters,
                placeholder,
                maxEvictionRatio,
                maxLineLength,
                maxChunkAgeMillis,
                sampleIntervalMillis,
                fields);
    }

    public DrainConfig withLimits(
            double evictionRatio, int lineLength, long chunkAgeMillis, long intervalMillis, List<String> fields) {
        return new DrainConfig(
                logClusterDepth,
                similarityThreshold,
                maxChildren,
                maxClusters,
                placeholder,
                evictionRatio,
                lineLength,
                chunkAgeMillis,
                intervalMillis,
                fields);
    }
}
