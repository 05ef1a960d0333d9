// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

/**
 * One pattern: its tokens (those that differed between its lines became the placeholder), how many
 * lines and bytes it took, and its samples over time.
 */
public final class LogCluster {
    private final int id;
    private final String[] tokens;
    private final int[] spacesAfter;
    private final PatternPrinter printer;
    private final SampleChunks samples = new SampleChunks();
    private long size;
    private long volume;
    private String printed;

    /** Prints tokens as a pattern; bound to the Drain's tokenizer. */
    interface PatternPrinter {
        String print(String[] tokens, int[] spacesAfter);
    }

    LogCluster(int id, String[] tokens, int[] spacesAfter, PatternPrinter printer) {
        this.id = id;
        this.tokens = tokens;
        this.spacesAfter = spacesAfter;
        this.printer = printer;
    }

    int id() {
        return id;
    }

    String[] tokens() {
        return tokens;
    }

    /** Turns every token that differs from {@code line}'s into the placeholder. */
    void merge(String[] line, String placeholder) {
        for (int i = 0; i < tokens.length; i++) {
            if (!tokens[i].equals(line[i])) {
                tokens[i] = placeholder;
                printed = null;
            }
        }
    }

    void count(long timestampMillis, long bytes, DrainConfig config) {
        size++;
        volume += bytes;
        samples.add(timestampMillis, config.maxChunkAgeMillis(), config.sampleIntervalMillis());
    }

    /** Drops samples older than {@code oldestMillis}; the size becomes what the remaining samples count. */
    public void prune(long oldestMillis) {
        size = samples.prune(oldestMillis);
    }

    /** The pattern as Loki prints it, e.g. {@code <_> level=info msg=<_>}. */
    public String pattern() {
        String p = printed;
        if (p == null) {
            p = printer.print(tokens, spacesAfter);
            printed = p;
        }
        return p;
    }

    /** Lines counted (after pruning: lines still in the samples). */
    public long size() {
        return size;
    }

    /** Bytes of the lines counted. */
    public long volume() {
        return volume;
    }

    public SampleChunks samples() {
        return samples;
    }

    @Override
    public String toString() {
        return pattern() + " (" + size + ")";
    }
}
