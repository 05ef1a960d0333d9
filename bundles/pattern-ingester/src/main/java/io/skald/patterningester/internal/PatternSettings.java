// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import io.skald.core.go.GoDuration;
import io.skald.patterningester.internal.drain.DrainConfig;
import java.time.Duration;

/** The module's configuration turned into the engine's settings, checked as Loki checks it. */
final class PatternSettings {
    private PatternSettings() {}

    static PatternIngester.Settings from(PatternIngesterConfig c) {
        Duration retainFor = GoDuration.parse(c.retainFor());
        Duration chunkAge = GoDuration.parse(c.maxChunkAge());
        Duration interval = GoDuration.parse(c.patternSampleInterval());
        if (retainFor.compareTo(chunkAge) < 0) {
            throw new IllegalArgumentException("retain-for (" + go(retainFor)
                    + ") must be greater than or equal to chunk-duration (" + go(chunkAge) + ")");
        }
        if (chunkAge.compareTo(interval) < 0) {
            throw new IllegalArgumentException("chunk-duration (" + go(chunkAge)
                    + ") must be greater than or equal to sample-interval (" + go(interval) + ")");
        }
        if (c.volumeThreshold() < 0 || c.volumeThreshold() > 1) {
            throw new IllegalArgumentException(
                    "volume_threshold (" + c.volumeThreshold() + ") must be between 0 and 1");
        }
        if (interval.toMillis() <= 0) {
            throw new IllegalArgumentException("pattern_sample_interval must be positive");
        }
        DrainConfig drain = DrainConfig.defaults()
                .withMaxClusters(c.maxClusters())
                .withLimits(
                        c.maxEvictionRatio(),
                        c.maxAllowedLineLength(),
                        chunkAge.toMillis(),
                        interval.toMillis(),
                        DrainConfig.DEFAULT_JSON_FIELDS);
        return new PatternIngester.Settings(
                drain,
                retainFor.toMillis(),
                GoDuration.parse(c.flushCheckPeriod()).toMillis(),
                c.handoffQueuePushes(),
                c.handoffQueueEntries());
    }

    /** Go's Duration.String for whole milliseconds and up: {@code 3h0m0s}, {@code 10s}, {@code 1.5s}, {@code 500ms}. */
    static String go(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms < 1000) {
            return ms + "ms";
        }
        long h = ms / 3_600_000;
        long m = ms / 60_000 % 60;
        long s = ms / 1000 % 60;
        long frac = ms % 1000;
        String seconds =
                frac == 0 ? s + "s" : s + "." + String.format("%03d", frac).replaceAll("0+$", "") + "s";
        if (h > 0) {
            return h + "h" + m + "m" + seconds;
        }
        return m > 0 ? m + "m" + seconds : seconds;
    }
}
