// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.core.query.QueryResult;
import io.skald.core.query.QueryResult.LogEntry;
import io.skald.querier.internal.read.Querier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the readers' result streams become Loki 3's categories: stream labels, structured metadata, parsed. */
class ResultsTest {
    private static final Labels ORIGIN = Labels.of(Map.of("app", "api", "env", "prod"));
    private static final Labels.Label TRACE = new Labels.Label("trace", "t1");

    private static Entry entry(long ts, String line, Labels.Label... metadata) {
        return new Entry(ts, line.getBytes(StandardCharsets.UTF_8), List.of(metadata));
    }

    private static Querier.Stream stream(Map<String, String> labels, Entry... entries) {
        return new Querier.Stream(Labels.of(labels), ORIGIN, new ArrayList<>(List.of(entries)));
    }

    @Test
    void pipelineLabelsAreParsedAndMetadataStaysMetadata() {
        QueryResult.Streams s = Results.streams(
                List.of(stream(
                        Map.of("app", "api", "env", "prod", "level", "warn", "trace", "t1"),
                        entry(2, "level=warn", TRACE))),
                false);
        assertEquals(
                List.of(new QueryResult.Stream(
                        ORIGIN,
                        List.of(new LogEntry(
                                2, "level=warn", List.of(TRACE), List.of(new Labels.Label("level", "warn")))))),
                s.streams());
    }

    @Test
    void aDroppedStreamLabelLeavesTheStreamLabels() {
        QueryResult.Streams s = Results.streams(List.of(stream(Map.of("app", "api"), entry(1, "x"))), false);
        assertEquals(Labels.of(Map.of("app", "api")), s.streams().get(0).labels(), "| drop env");
    }

    @Test
    void oneStreamFromSeveralResultSetsIsMergedInTimeOrder() {
        QueryResult.Streams backward = Results.streams(
                List.of(
                        stream(Map.of("app", "api", "env", "prod", "level", "info"), entry(5, "a"), entry(3, "b")),
                        stream(Map.of("app", "api", "env", "prod", "level", "warn"), entry(4, "c"))),
                false);
        assertEquals(1, backward.streams().size());
        assertEquals(
                List.of(5L, 4L, 3L),
                backward.streams().get(0).entries().stream()
                        .map(LogEntry::timestampNanos)
                        .toList());
        QueryResult.Streams forward = Results.streams(
                List.of(
                        stream(Map.of("app", "api", "env", "prod", "level", "info"), entry(3, "b"), entry(5, "a")),
                        stream(Map.of("app", "api", "env", "prod", "level", "warn"), entry(4, "c"))),
                true);
        assertEquals(
                List.of(3L, 4L, 5L),
                forward.streams().get(0).entries().stream()
                        .map(LogEntry::timestampNanos)
                        .toList());
    }
}
