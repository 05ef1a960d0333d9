// SPDX-License-Identifier: Apache-2.0
package io.skald.core.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A stream's identity: label pairs sorted by name, immutable. {@link #toString()} is the canonical
 * Prometheus text form ({@code {app="api", env="prod"}}), the same string for the same set however
 * the client ordered or spaced it, and {@link #fingerprint()} a stable 64-bit hash of it.
 */
public final class Labels implements Comparable<Labels> {
    /** One label pair. */
    public record Label(String name, String value) {}

    private final Label[] labels;
    private final String text;
    private final long fingerprint;

    private Labels(Label[] sorted) {
        this.labels = sorted;
        this.text = render(sorted);
        this.fingerprint = fnv1a64(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Labels from pairs in any order; the caller has checked names and duplicates. */
    public static Labels of(List<Label> pairs) {
        Label[] sorted = pairs.toArray(new Label[0]);
        Arrays.sort(sorted, (a, b) -> a.name().compareTo(b.name()));
        return new Labels(sorted);
    }

    public static Labels of(Map<String, String> map) {
        List<Label> pairs = new ArrayList<>(map.size());
        map.forEach((k, v) -> pairs.add(new Label(k, v)));
        return of(pairs);
    }

    public List<Label> asList() {
        return Collections.unmodifiableList(Arrays.asList(labels));
    }

    public int size() {
        return labels.length;
    }

    public String get(String name) {
        for (Label l : labels) {
            if (l.name().equals(name)) {
                return l.value();
            }
        }
        return null;
    }

    public long fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fingerprint);
    }

    @Override
    public int compareTo(Labels o) {
        return text.compareTo(o.text);
    }

    private static String render(Label[] labels) {
        StringBuilder b = new StringBuilder(16 * labels.length + 2).append('{');
        for (int i = 0; i < labels.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(labels[i].name()).append("=\"");
            escape(labels[i].value(), b);
            b.append('"');
        }
        return b.append('}').toString();
    }

    /** Go's strconv.Quote escaping for the characters that matter in label values. */
    static void escape(String value, StringBuilder b) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
    }

    /** FNV-1a, 64 bit: cheap, stable across JVMs and versions, good enough to shard and name streams. */
    public static long fnv1a64(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte x : bytes) {
            h ^= (x & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
