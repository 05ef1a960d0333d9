// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import io.skald.core.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One log line on its way through a pipeline: the line (which {@code line_format} may replace), its
 * timestamp, the labels so far (the stream's plus what parsers extracted) and, after {@code unwrap},
 * the sample value. One instance is reused for every line of a query.
 */
public final class LineState {
    private Labels stream;
    private long timestampNanos;
    private byte[] buffer;
    private int offset;
    private int length;
    private byte[] line; // the line as its own array, made when asked for
    private String text;
    private Set<String> wanted;
    private Labels cachedStream;
    private boolean dirty = true; // the map may hold more than stream labels plus `added`
    private final List<String> added = new ArrayList<>();
    private String[] cachedNames;
    private String[] cachedValues;
    private String[] wantedNames; // the wanted names when they are few
    private byte[][] wantedBytes;
    private long
            wantedLengths; // bit k: a wanted name (or base) is k bytes long // the wanted names (and their bases for
    // _extracted), to compare raw keys against
    private int wantedKeys = Integer.MAX_VALUE; // how many labels a hinted parser looks for
    private LogfmtScanner logfmtScanner;
    final Set<String> seen = new HashSet<>(); // a parser's keys on this line: the first one wins
    final Map<String, String> labels = new HashMap<>(); // Labels.of sorts when a set is made
    double value;

    /** Starts on a new line of {@code stream}. */
    public LineState reset(Labels stream, long timestampNanos, byte[] line) {
        return reset(stream, timestampNanos, line, 0, line.length);
    }

    /** Starts on a line lying in a larger buffer (a decompressed block), without copying it. */
    public LineState reset(Labels stream, long timestampNanos, byte[] buffer, int offset, int length) {
        this.stream = stream;
        this.timestampNanos = timestampNanos;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.line = offset == 0 && length == buffer.length ? buffer : null;
        this.text = null;
        this.value = 0;
        if (stream == cachedStream && !dirty) {
            for (String k : added) { // only extracted labels came since: take them back out
                labels.remove(k);
            }
            added.clear();
            return this;
        }
        dirty = false;
        added.clear();
        labels.clear();
        if (stream != cachedStream) { // lines come stream by stream: unpack each stream's labels once
            List<Labels.Label> list = stream.asList();
            cachedNames = new String[list.size()];
            cachedValues = new String[list.size()];
            for (int i = 0; i < cachedNames.length; i++) {
                cachedNames[i] = list.get(i).name();
                cachedValues[i] = list.get(i).value();
            }
            cachedStream = stream;
        }
        for (int i = 0; i < cachedNames.length; i++) {
            labels.put(cachedNames[i], cachedValues[i]);
        }
        return this;
    }

    public Labels stream() {
        return stream;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    /** The line as an array of its own (copied out of the block only when asked for). */
    public byte[] line() {
        if (line == null) {
            line = Arrays.copyOfRange(buffer, offset, offset + length);
        }
        return line;
    }

    /** The line's bytes lie in {@link #buffer()} from {@link #offset()}, {@link #length()} long. */
    public byte[] buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** The line decoded once, for stages that need text. */
    public String text() {
        if (text == null) {
            text = new String(buffer, offset, length, StandardCharsets.UTF_8);
        }
        return text;
    }

    void setLine(String newText) {
        text = newText;
        line = newText.getBytes(StandardCharsets.UTF_8);
        buffer = line;
        offset = 0;
        length = line.length;
    }

    /**
     * Parser hints: only these extracted labels are needed downstream (null: all). Parsers still read
     * the whole line (so errors are found as before) but make strings only for wanted names.
     */
    public LineState want(Set<String> names) {
        this.wanted = names;
        this.wantedKeys = names == null
                ? Integer.MAX_VALUE
                : (int) names.stream()
                        .filter(n -> !n.equals(Stage.ERROR) && !n.equals(Stage.ERROR_DETAILS))
                        .count();
        wantedNames = names == null || names.size() > 8 ? null : names.toArray(new String[0]);
        if (names == null) {
            wantedBytes = null;
        } else {
            List<byte[]> all = new ArrayList<>();
            for (String w : names) {
                all.add(w.getBytes(StandardCharsets.UTF_8));
                if (w.endsWith("_extracted")) {
                    all.add(w.substring(0, w.length() - 10).getBytes(StandardCharsets.UTF_8));
                }
            }
            wantedBytes = all.toArray(new byte[0][]);
            wantedLengths = 0;
            for (byte[] w : wantedBytes) {
                wantedLengths |= w.length < 64 ? 1L << w.length : 0;
            }
        }
        return this;
    }

    boolean wants(String name) {
        if (wantedNames == null) {
            return wanted == null || wanted.contains(name);
        }
        for (String w : wantedNames) { // a few names: compared in a row, cheaper than hashing per line
            if (w.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a raw key (as a parser meets it) can become a wanted label: compared as its sanitised
     * name, also where a stream label of that name would send it to {@code _extracted}.
     */
    boolean wants(byte[] b, int from, int to, boolean ascii) {
        if (wantedBytes == null || !ascii) {
            return true; // a non-ASCII key: decided on its string, never skipped here
        }
        int length = to - from;
        boolean digit = length > 0 && b[from] >= '0' && b[from] <= '9'; // sanitised with a _ in front
        int named = digit ? length + 1 : length;
        if (named < 64 && (wantedLengths >>> named & 1) == 0) {
            return false; // no wanted name is that long: most keys end here, with one test
        }
        for (byte[] w : wantedBytes) {
            if (digit
                    ? w.length == length + 1 && w[0] == '_' && sanitizedEquals(b, from, w, 1)
                    : w.length == length && sanitizedEquals(b, from, w, 0)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the raw key at {@code from} sanitises to {@code name} from its index {@code skip} on. */
    private static boolean sanitizedEquals(byte[] b, int from, byte[] name, int skip) {
        for (int i = skip; i < name.length; i++) {
            int c = b[from + i - skip];
            int w = name[i];
            if (c == w) {
                continue;
            }
            boolean labelChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
            if (labelChar || w != '_') {
                return false;
            }
        }
        return true;
    }

    /** How many distinct labels a hinted parser has to find before the rest of the line cannot matter. */
    int wantedKeys() {
        return wantedKeys;
    }

    boolean hinted() {
        return wanted != null;
    }

    /** The logfmt stage's scanner: one per line state, as a line state serves one thread. */
    LogfmtScanner logfmtScanner() {
        if (logfmtScanner == null) {
            logfmtScanner = new LogfmtScanner();
        }
        return logfmtScanner;
    }

    /** The labels, to change them at will (which makes the next reset rebuild them). */
    public Map<String, String> labels() {
        dirty = true;
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

    /** A label's value as it stands, or null. */
    public String get(String name) {
        return labels.get(name);
    }

    boolean hasError() {
        return labels.containsKey(Stage.ERROR);
    }

    void setError(String error, String details) {
        if (!labels.containsKey(Stage.ERROR)) { // the first error is the one reported, as in Loki
            labels.put(Stage.ERROR, error);
            added.add(Stage.ERROR);
            if (details != null && labels.put(Stage.ERROR_DETAILS, details) == null) {
                added.add(Stage.ERROR_DETAILS);
            }
        }
    }

    /**
     * Adds what a parser extracted. A name the stream already has gets the suffix {@code _extracted};
     * a name this parser already set on this line keeps its first value (Loki since 2.8).
     */
    void putExtracted(String name, String value, Set<String> seen) {
        String key = stream.get(name) != null ? name + "_extracted" : name;
        if (seen != null && !seen.add(key)) {
            return;
        }
        if (labels.put(key, value) == null) {
            added.add(key);
        }
    }
}
