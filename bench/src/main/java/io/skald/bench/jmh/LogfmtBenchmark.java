// SPDX-License-Identifier: Apache-2.0
package io.skald.bench.jmh;

import io.skald.core.model.Labels;
import io.skald.logql.LineState;
import io.skald.logql.LogQLParser;
import io.skald.logql.Stage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code | logfmt} stage alone, on lines with quoted values lying in one block as the querier reads
 * them, with the hints of {@code sum by (level)} ({@code level} and the error labels) or none (a full
 * parse). {@code scan} is the stage as built; {@code old} is a copy of the parse before issue 11 (a
 * byte loop that made no early exit while a quote was left, on the same kind of line state). Scores are
 * lines per second; the setup prints the mean line length to turn them into MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LogfmtBenchmark {
    static final int LINES = 20_000;
    static final String[] MESSAGES = {
        "msg=\"request served\" caller=\"handler.go:123\"",
        "msg=\"request served\" caller=\"handler.go:123\"",
        "msg=\"cache miss for key \\\"user:42\\\"\" caller=\"cache.go:88\"",
        "msg=\"slow query, retrying\" caller=\"db.go:214\"",
    };

    /**
     * Where level= stands: after the quoted values (the push load's lines), at the very end (every byte
     * must be read), or first (the quoted values follow it).
     */
    @Param({"quoted-first", "level-last", "level-first"})
    public String layout;

    @Param({"level", "none"})
    public String hints;

    byte[] block;
    int[] offsets;
    int[] lengths;
    Labels stream = Labels.of(Map.of("app", "app-1", "namespace", "ns-1", "pod", "pod-1"));
    Stage stage;
    LineState state;
    OldLogfmt old;
    OldState oldState;

    @Setup
    public void setUp() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        String[] levels = {"info", "info", "info", "debug", "warn", "error"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        offsets = new int[LINES];
        lengths = new int[LINES];
        for (int i = 0; i < LINES; i++) {
            String quoted = MESSAGES[random.nextInt(MESSAGES.length)];
            String level = "level=" + levels[random.nextInt(levels.length)];
            String rest = "method=GET path=/api/v1/users status=" + (random.nextInt(10) == 0 ? 500 : 200)
                    + " duration=" + random.nextInt(2000) + "ms trace_id="
                    + Long.toHexString(random.nextLong() | Long.MIN_VALUE) + " user=" + random.nextInt(100_000);
            String line = switch (layout) {
                case "quoted-first" -> quoted + " " + level + " " + rest;
                case "level-last" -> quoted + " " + rest + " " + level;
                default -> level + " " + rest + " " + quoted;
            };
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            offsets[i] = out.size();
            lengths[i] = bytes.length;
            out.writeBytes(bytes);
        }
        block = out.toByteArray();
        System.out.printf(
                "%n%d lines, mean %.1f bytes, %s, hints %s%n", LINES, block.length / (double) LINES, layout, hints);
        stage = LogQLParser.parseLogQuery("{app=\"app-1\"} | logfmt").stages().get(0);
        Set<String> wanted = hints.equals("none") ? null : Set.of("level", Stage.ERROR, Stage.ERROR_DETAILS);
        state = new LineState().want(wanted);
        old = new OldLogfmt();
        oldState = new OldState(wanted);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public int scan() {
        int found = 0;
        for (int i = 0; i < LINES; i++) {
            state.reset(stream, i, block, offsets[i], lengths[i]);
            stage.process(state);
            found += state.get("level") != null ? 1 : 0;
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public int old() {
        int found = 0;
        for (int i = 0; i < LINES; i++) {
            oldState.reset(stream, block, offsets[i], lengths[i]);
            old.process(oldState);
            found += oldState.labels.get("level") != null ? 1 : 0;
        }
        return found;
    }

    /**
     * On a machine shared with other work JMH's means swing by ±50 %: this runs old and new one pass
     * each in turn, {@code rounds} times, timing each pass by the thread's CPU time (which being
     * descheduled does not count), and prints the best pass of each in MB per CPU-second.
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (String hints : new String[] {"level", "none"}) {
            for (String layout : new String[] {"quoted-first", "level-last", "level-first"}) {
                LogfmtBenchmark b = new LogfmtBenchmark();
                b.hints = hints;
                b.layout = layout;
                b.setUp();
                long bestOld = Long.MAX_VALUE;
                long bestNew = Long.MAX_VALUE;
                for (int r = 0; r < rounds; r++) {
                    long t0 = cpu.getCurrentThreadCpuTime();
                    b.old();
                    long t1 = cpu.getCurrentThreadCpuTime();
                    b.scan();
                    long t2 = cpu.getCurrentThreadCpuTime();
                    bestOld = Math.min(bestOld, t1 - t0);
                    bestNew = Math.min(bestNew, t2 - t1);
                }
                System.out.printf(
                        "hints=%s layout=%s: old %.0f, new %.0f MB per CPU-second (best of %d passes)%n",
                        hints, layout, b.block.length * 1e3 / bestOld, b.block.length * 1e3 / bestNew, rounds);
            }
        }
    }

    /** The line state's part in the old parse, as LineState had it: labels reset by removing what was added. */
    static final class OldState {
        final Map<String, String> labels = new HashMap<>();
        final Set<String> seen = new HashSet<>();
        final List<String> added = new ArrayList<>();
        final Set<String> wanted;
        final byte[][] wantedBytes;
        final int wantedKeys;
        Labels stream;
        byte[] buffer;
        int offset;
        int length;

        OldState(Set<String> wanted) {
            this.wanted = wanted;
            this.wantedKeys = wanted == null ? Integer.MAX_VALUE : 1;
            this.wantedBytes = wanted == null
                    ? null
                    : wanted.stream()
                            .map(w -> w.getBytes(StandardCharsets.UTF_8))
                            .toArray(byte[][]::new);
        }

        void reset(Labels stream, byte[] buffer, int offset, int length) {
            if (stream != this.stream) {
                labels.clear();
                stream.asList().forEach(l -> labels.put(l.name(), l.value()));
                this.stream = stream;
            }
            for (String k : added) {
                labels.remove(k);
            }
            added.clear();
            this.buffer = buffer;
            this.offset = offset;
            this.length = length;
        }

        boolean hinted() {
            return wanted != null;
        }

        boolean wants(String name) {
            return wanted == null || wanted.contains(name);
        }

        boolean wants(byte[] b, int from, int to, boolean ascii) {
            if (wantedBytes == null || !ascii) {
                return true;
            }
            int length = to - from;
            for (byte[] w : wantedBytes) {
                if (w.length == length && sanitizedEquals(b, from, w)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean sanitizedEquals(byte[] b, int from, byte[] name) {
            for (int i = 0; i < name.length; i++) {
                int c = b[from + i];
                int w = name[i];
                if (c == w) {
                    if (c >= '0' && c <= '9' && i == 0) {
                        return false;
                    }
                    continue;
                }
                boolean labelChar =
                        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
                if (labelChar || w != '_') {
                    return false;
                }
            }
            return true;
        }

        void setError(String error, String details) {
            if (labels.putIfAbsent(Stage.ERROR, error) == null) {
                added.add(Stage.ERROR);
                labels.put(Stage.ERROR_DETAILS, details);
                added.add(Stage.ERROR_DETAILS);
            }
        }

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

    /** The logfmt parse before issue 11 (Parsers.Logfmt.process without parameters), kept for comparison. */
    static final class OldLogfmt {
        final boolean strict = false;
        final boolean keepEmpty = false;

        boolean process(OldState state) {
            byte[] b = state.buffer;
            int i = state.offset;
            int n = i + state.length;
            int start = i;
            Set<String> seen = state.seen;
            seen.clear();
            int found = 0;
            while (i < n) {
                while (i < n && b[i] == ' ') {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                int keyStart = i;
                int high = 0;
                while (i < n && b[i] != '=' && b[i] != ' ' && b[i] != '"') {
                    high |= b[i];
                    i++;
                }
                int keyEnd = i;
                int valueStart = -1;
                int valueEnd = -1;
                boolean escaped = false;
                boolean malformed = keyEnd == keyStart;
                if (i < n && b[i] == '"') {
                    malformed = true;
                    while (i < n && b[i] != ' ') {
                        i++;
                    }
                } else if (i < n && b[i] == '=') {
                    i++;
                    if (i < n && b[i] == '"') {
                        valueStart = ++i;
                        while (i < n && b[i] != '"') {
                            if (b[i] == '\\' && i + 1 < n) {
                                escaped = true;
                                i++;
                            }
                            i++;
                        }
                        if (i >= n) {
                            state.setError(
                                    "LogfmtParserErr",
                                    "logfmt syntax error at pos " + (i - start + 1) + " : unterminated quoted value");
                            return true;
                        }
                        valueEnd = i++;
                    } else {
                        valueStart = i;
                        while (i < n && b[i] != ' ') {
                            i++;
                        }
                        valueEnd = i;
                    }
                }
                if (malformed) {
                    if (strict) {
                        state.setError(
                                "LogfmtParserErr",
                                "logfmt syntax error at pos " + (keyStart - start + 1) + " : unexpected '='");
                        return true;
                    }
                    continue;
                }
                if (valueEnd <= valueStart && !keepEmpty) {
                    continue;
                }
                if (state.hinted() && !state.wants(b, keyStart, keyEnd, high >= 0)) {
                    continue;
                }
                String name = new String(b, keyStart, keyEnd - keyStart, StandardCharsets.UTF_8);
                String value = valueEnd <= valueStart
                        ? ""
                        : escaped
                                ? unescape(b, valueStart, valueEnd)
                                : new String(b, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
                String label = sanitize(name);
                int before = seen.size();
                state.putExtracted(label, value, seen);
                if (seen.size() > before && state.hinted() && state.wants(label)) {
                    found++;
                }
                if (!strict && found >= state.wantedKeys && noQuote(b, i, n)) {
                    return true;
                }
            }
            return true;
        }

        private static boolean noQuote(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] == '"') {
                    return false;
                }
            }
            return true;
        }

        private static String unescape(byte[] b, int from, int to) {
            String s = new String(b, from, to - from, StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    char e = s.charAt(++i);
                    out.append(
                            switch (e) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                case 'r' -> '\r';
                                default -> e;
                            });
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        static String sanitize(String key) {
            StringBuilder b = null;
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                boolean ok =
                        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
                if (!ok && b == null) {
                    b = new StringBuilder(key.length()).append(key, 0, i);
                }
                if (b != null) {
                    b.append(ok ? c : '_');
                }
            }
            return b == null ? key : b.toString();
        }
    }
}
