// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.core.model.LabelsParseException;
import io.skald.core.model.LabelsParser;
import io.skald.ingester.api.StreamPush;
import io.skald.limits.api.Limits;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loki's push validation, with Loki's texts and discard reasons: labels first (a bad label set
 * refuses its whole stream), then each entry (a bad entry is dropped, its neighbours kept).
 */
final class Validator {
    static final String SERVICE_NAME = "service_name";
    static final String UNKNOWN_SERVICE = "unknown_service";

    /** Why something was discarded: the {@code reason} label of the discard metrics. */
    record Discard(String reason, int lines, long bytes) {}

    /** A validated stream (or null), the error text for its refused part (or null), and what was discarded. */
    record Result(StreamPush stream, String error, List<Discard> discards) {}

    private final Limits limits;

    Validator(Limits limits) {
        this.limits = limits;
    }

    Result validate(RawStream raw, long nowNanos) {
        List<Labels.Label> pairs;
        try {
            pairs = LabelsParser.parse(raw.labels());
        } catch (LabelsParseException e) {
            return refuseAll(
                    raw, "invalid_labels", "Error parsing labels '" + raw.labels() + "' with error: " + e.getMessage());
        }
        if (pairs.isEmpty()) {
            return refuseAll(raw, "missing_labels", "error at least one label pair is required per stream");
        }
        Labels.Label[] sorted = pairs.toArray(new Labels.Label[0]);
        Arrays.sort(sorted, (a, b) -> a.name().compareTo(b.name()));
        Labels asSent = Labels.of(pairs);
        int counted = 0;
        for (int i = 0; i < sorted.length; i++) {
            Labels.Label l = sorted[i];
            if (!l.name().equals(SERVICE_NAME)) {
                counted++;
            }
            if (l.name().length() > limits.maxLabelNameLength()) {
                return refuseAll(
                        raw,
                        "label_name_too_long",
                        "stream '" + asSent + "' has label name too long: '" + l.name() + "'");
            }
            if (l.value().length() > limits.maxLabelValueLength()) {
                return refuseAll(
                        raw,
                        "label_value_too_long",
                        "stream '" + asSent + "' has label value too long: '" + l.value() + "'");
            }
            if (i > 0 && sorted[i - 1].name().equals(l.name())) {
                return refuseAll(
                        raw,
                        "duplicate_label_names",
                        "stream '" + asSent + "' has duplicate label name: '" + l.name() + "'");
            }
        }
        if (counted > limits.maxLabelNamesPerSeries()) {
            return refuseAll(
                    raw,
                    "max_label_names_per_series",
                    "entry for stream '" + asSent + "' has " + counted + " label names; limit "
                            + limits.maxLabelNamesPerSeries());
        }
        Labels labels = withServiceName(pairs, asSent);
        return validateEntries(raw, labels, nowNanos);
    }

    /** Loki 3's service_name discovery: from the first label of the list that is present, else unknown_service. */
    private Labels withServiceName(List<Labels.Label> pairs, Labels labels) {
        if (limits.discoverServiceName().isEmpty() || labels.get(SERVICE_NAME) != null) {
            return labels;
        }
        String value = UNKNOWN_SERVICE;
        for (String candidate : limits.discoverServiceName()) {
            String v = labels.get(candidate);
            if (v != null && !v.isEmpty()) {
                value = v;
                break;
            }
        }
        List<Labels.Label> with = new ArrayList<>(pairs);
        with.add(new Labels.Label(SERVICE_NAME, value));
        return Labels.of(with);
    }

    private Result validateEntries(RawStream raw, Labels labels, long now) {
        List<Entry> ok = new ArrayList<>(raw.entries().size());
        List<Discard> discards = new ArrayList<>();
        String firstError = null;
        int errors = 0;
        long oldest = now - limits.rejectOldSamplesMaxAgeNanos();
        long newest = now + limits.creationGracePeriodNanos();
        for (Entry e : raw.entries()) {
            String reason = null;
            String message = null;
            if (limits.rejectOldSamples() && e.timestampNanos() < oldest) {
                reason = "greater_than_max_sample_age";
                message = "entry for stream '" + labels + "' has timestamp too old: " + rfc3339(e.timestampNanos())
                        + ", oldest acceptable timestamp is: " + rfc3339(oldest);
            } else if (e.timestampNanos() > newest) {
                reason = "too_far_in_future";
                message = "entry for stream '" + labels + "' has timestamp too new: " + rfc3339(e.timestampNanos());
            } else if (limits.maxLineSize() > 0 && e.line().length > limits.maxLineSize()) {
                if (limits.maxLineSizeTruncate()) {
                    e = new Entry(
                            e.timestampNanos(), Arrays.copyOf(e.line(), (int) limits.maxLineSize()), e.metadata());
                } else {
                    reason = "line_too_long";
                    message = "Max entry size '" + limits.maxLineSize() + "' bytes exceeded for stream '" + labels
                            + "' while adding an entry with length '" + e.line().length + "' bytes";
                }
            }
            if (reason == null && !e.metadata().isEmpty()) {
                int metadataBytes = e.size() - e.line().length;
                if (!limits.allowStructuredMetadata()) {
                    reason = "disallowed_structured_metadata";
                    message = "stream '" + labels
                            + "' includes structured metadata, but this feature is disallowed. Please see "
                            + "`limits_config.allow_structured_metadata` or contact your Loki administrator to enable it.";
                } else if (limits.maxStructuredMetadataSize() > 0
                        && metadataBytes > limits.maxStructuredMetadataSize()) {
                    reason = "structured_metadata_too_large";
                    message = "stream '" + labels + "' has structured metadata too large: '" + metadataBytes
                            + "' bytes, limit: '"
                            + limits.maxStructuredMetadataSize()
                            + "' bytes. Please see `limits_config.max_structured_metadata_size`"
                            + " or contact your Loki administrator to increase it.";
                } else if (limits.maxStructuredMetadataEntriesCount() > 0
                        && e.metadata().size() > limits.maxStructuredMetadataEntriesCount()) {
                    reason = "structured_metadata_too_many";
                    message = "stream '" + labels + "' has too many structured metadata labels: '"
                            + e.metadata().size()
                            + "', limit: '" + limits.maxStructuredMetadataEntriesCount()
                            + "'. Please see `limits_config.max_structured_metadata_entries_count` or contact your Loki administrator to increase it.";
                }
            }
            if (reason == null) {
                ok.add(e);
            } else {
                errors++;
                if (firstError == null) {
                    firstError = message;
                }
                discards.add(new Discard(reason, 1, e.size()));
            }
        }
        String error = errors == 0 ? null : errors == 1 ? firstError : errors + " errors like: " + firstError;
        return new Result(ok.isEmpty() ? null : new StreamPush(labels, ok), error, discards);
    }

    private static Result refuseAll(RawStream raw, String reason, String message) {
        long bytes = 0;
        for (Entry e : raw.entries()) {
            bytes += e.size();
        }
        return new Result(
                null, message, List.of(new Discard(reason, raw.entries().size(), bytes)));
    }

    static String rfc3339(long nanos) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L)));
    }
}
