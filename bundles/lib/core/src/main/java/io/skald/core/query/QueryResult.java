// SPDX-License-Identifier: Apache-2.0
package io.skald.core.query;

import io.skald.core.model.Labels;
import java.util.List;

/**
 * A query's answer, one of Loki's four result types. Values are immutable; lists are copied.
 */
public sealed interface QueryResult {
    /** Loki's {@code resultType}: {@code streams}, {@code matrix}, {@code vector} or {@code scalar}. */
    String resultType();

    /** A log query's answer: streams in the order Loki writes them (by label text). */
    record Streams(List<Stream> streams) implements QueryResult {
        public Streams {
            streams = List.copyOf(streams);
        }

        @Override
        public String resultType() {
            return "streams";
        }

        /** Entries in all streams. */
        public int entries() {
            return streams.stream().mapToInt(s -> s.entries().size()).sum();
        }
    }

    /** A range metric query's answer. */
    record Matrix(List<Series> series) implements QueryResult {
        public Matrix {
            series = List.copyOf(series);
        }

        @Override
        public String resultType() {
            return "matrix";
        }
    }

    /** An instant metric query's answer. */
    record Vector(List<Sample> samples) implements QueryResult {
        public Vector {
            samples = List.copyOf(samples);
        }

        @Override
        public String resultType() {
            return "vector";
        }
    }

    /** An instant query with no labels at all, such as {@code 1 + 1}. */
    record Scalar(Point point) implements QueryResult {
        @Override
        public String resultType() {
            return "scalar";
        }
    }

    /**
     * A result stream as Loki 3 models it: the stream's own labels (as the pipeline left them), and
     * per entry the structured metadata and the labels the pipeline extracted. Without the
     * categorize-labels flag all three are written as one label set.
     */
    record Stream(Labels labels, List<LogEntry> entries) {
        public Stream {
            entries = List.copyOf(entries);
        }
    }

    /** One log line of a result. */
    record LogEntry(long timestampNanos, String line, List<Labels.Label> metadata, List<Labels.Label> parsed) {
        public LogEntry {
            metadata = List.copyOf(metadata);
            parsed = List.copyOf(parsed);
        }

        public LogEntry(long timestampNanos, String line) {
            this(timestampNanos, line, List.of(), List.of());
        }
    }

    /** A labelled series of points, in time order. */
    record Series(Labels metric, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /** A labelled value at one time. */
    record Sample(Labels metric, Point point) {}

    /** A value at a time (Unix nanoseconds). */
    record Point(long timeNanos, double value) {}
}
