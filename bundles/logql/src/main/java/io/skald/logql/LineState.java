// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import io.skald.spi.log.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * One log line on its way through a pipeline: the line (which {@code line_format} may replace), its
 * timestamp, the labels so far (the stream's plus what parsers extracted) and, after {@code unwrap},
 * the sample value. One instance is reused for every line of a query.
 */
public final class LineState {
    private Labels stream;
    private long timestampNanos;
    private byte[] line;
    private String text;
    final Map<String, String> labels = new TreeMap<>();
    double value;

    /** Starts on a new line of {@code stream}. */
    public LineState reset(Labels stream, long timestampNanos, byte[] line) {
        this.stream = stream;
        this.timestampNanos = timestampNanos;
        this.line = line;
        this.text = null;
        this.value = 0;
        labels.clear();
        for (Labels.Label l : stream.asList()) {
            labels.put(l.name(), l.value());
        }
        return this;
    }

    public Labels stream() {
        return stream;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    public byte[] line() {
        return line;
    }

    /** The line decoded once, for stages that need text. */
    public String text() {
        if (text == null) {
            text = new String(line, StandardCharsets.UTF_8);
        }
        return text;
    }

    void setLine(String newText) {
        text = newText;
        line = newText.getBytes(StandardCharsets.UTF_8);
    }

    void setLine(byte[] newLine) {
        text = null;
        line = newLine;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** The value {@code unwrap} took from a label; 0 before. */
    public double value() {
        return value;
    }

    /** The labels as they stand, as an immutable set (the stream's own when nothing was added). */
    public Labels resultLabels() {
        if (labels.size() == stream.size()) {
            boolean same = true;
            for (Labels.Label l : stream.asList()) {
                if (!l.value().equals(labels.get(l.name()))) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return stream;
            }
        }
        return Labels.of(labels);
    }

    String get(String name) {
        return labels.get(name);
    }

    boolean hasError() {
        return labels.containsKey(Stage.ERROR);
    }

    void setError(String error, String details) {
        if (!labels.containsKey(Stage.ERROR)) { // the first error is the one reported, as in Loki
            labels.put(Stage.ERROR, error);
            if (details != null) {
                labels.put(Stage.ERROR_DETAILS, details);
            }
        }
    }

    /**
     * Adds what a parser extracted. A name the stream already has gets the suffix {@code _extracted};
     * a name this parser already set on this line keeps its first value (Loki since 2.8).
     */
    void putExtracted(String name, String value, java.util.Set<String> seen) {
        String key = stream.get(name) != null ? name + "_extracted" : name;
        if (seen != null && !seen.add(key)) {
            return;
        }
        labels.put(key, value);
    }
}
