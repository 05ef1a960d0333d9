// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Module {@code pattern-ingester}: the {@code pattern_ingester:} section of the YAML config, Loki's
 * names and defaults. Loki's ring, client, tee, metric aggregation and persistence settings are
 * accepted and ignored: here the pattern ingester runs in the process whose ingester feeds it.
 * PID {@value #PID}.
 */
@ObjectClassDefinition(
        id = PatternIngesterConfig.PID,
        name = "Skald pattern ingester",
        description = "Mines log patterns (Drain) from acknowledged pushes for /loki/api/v1/patterns.")
public @interface PatternIngesterConfig {
    String PID = "skald.pattern-ingester";

    @AttributeDefinition(
            description =
                    "Whether the pattern ingester runs (pattern_ingester.enabled); without it there is no configuration at all.")
    boolean enabled() default false;

    @AttributeDefinition(
            description =
                    "Clusters kept per stream and level; the least recently used are evicted (pattern_ingester.max_clusters).")
    int maxClusters() default 300;

    @AttributeDefinition(
            description =
                    "Evicted/created clusters above which a stream's mining pauses for 10 minutes (pattern_ingester.max_eviction_ratio).")
    double maxEvictionRatio() default 0.25;

    @AttributeDefinition(
            description = "Longer lines, in bytes, are not mined (pattern_ingester.max_allowed_line_length).")
    int maxAllowedLineLength() default 3000;

    @AttributeDefinition(
            description = "How often old samples and empty streams are dropped (pattern_ingester.flush_check_period).")
    String flushCheckPeriod() default "1m";

    @AttributeDefinition(description = "How long pattern samples are kept (pattern_ingester.retain_for).")
    String retainFor() default "3h";

    @AttributeDefinition(description = "Time span of one chunk of samples (pattern_ingester.max_chunk_age).")
    String maxChunkAge() default "1h";

    @AttributeDefinition(description = "Width of one sample bucket (pattern_ingester.pattern_sample_interval).")
    String patternSampleInterval() default "10s";

    @AttributeDefinition(
            description =
                    "Loki's threshold for persisting patterns (pattern_ingester.volume_threshold); only checked to lie in [0, 1].")
    double volumeThreshold() default 0.99;

    @AttributeDefinition(
            description = "Pushes waiting to be mined before further ones are dropped for patterns (Skald's own).")
    int handoffQueuePushes() default 4096;

    @AttributeDefinition(
            description = "Entries waiting to be mined before further pushes are dropped for patterns (Skald's own).")
    int handoffQueueEntries() default 200_000;
}
