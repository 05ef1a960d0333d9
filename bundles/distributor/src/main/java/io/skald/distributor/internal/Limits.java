// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.skald.core.go.ByteSize;
import io.skald.core.go.GoDuration;
import java.util.List;

/** {@code limits_config} in the units the validator uses. */
record Limits(long ingestionRateBytes, long ingestionBurstBytes, int maxLabelNameLength, int maxLabelValueLength,
              int maxLabelNamesPerSeries, boolean rejectOldSamples, long rejectOldSamplesMaxAgeNanos,
              long creationGracePeriodNanos, long maxLineSize, boolean maxLineSizeTruncate,
              boolean allowStructuredMetadata, long maxStructuredMetadataSize, int maxStructuredMetadataEntriesCount,
              List<String> discoverServiceName) {

    static Limits of(DistributorConfig c) {
        return new Limits(Math.round(c.limits_ingestionRateMb() * (1 << 20)), Math.round(c.limits_ingestionBurstSizeMb() * (1 << 20)),
                c.limits_maxLabelNameLength(), c.limits_maxLabelValueLength(), c.limits_maxLabelNamesPerSeries(),
                c.limits_rejectOldSamples(), GoDuration.parse(c.limits_rejectOldSamplesMaxAge()).toNanos(),
                GoDuration.parse(c.limits_creationGracePeriod()).toNanos(), ByteSize.parse(c.limits_maxLineSize()),
                c.limits_maxLineSizeTruncate(), c.limits_allowStructuredMetadata(),
                ByteSize.parse(c.limits_maxStructuredMetadataSize()), c.limits_maxStructuredMetadataEntriesCount(),
                List.of(c.limits_discoverServiceName()));
    }
}
