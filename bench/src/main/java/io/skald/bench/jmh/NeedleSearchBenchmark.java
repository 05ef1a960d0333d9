// SPDX-License-Identifier: Apache-2.0
package io.skald.bench.jmh;

import io.skald.logql.LineFilter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code |=} test per line, as the block scan runs it: every line of a buffer of logfmt lines
 * (~150 bytes, as {@code bench/run query} pushes them, plus a caller field) searched where it lies.
 * The buffer holds exactly 1,000,000 bytes of lines, so one operation per second is 1 MB/s.
 *
 * <ul>
 *   <li>{@code swar}: {@link LineFilter#test(byte[], int, int)}, the search the server runs;
 *   <li>{@code horspool}: the Boyer–Moore–Horspool loop it replaced (issue 11), kept here only;
 *   <li>{@code indexOf}: {@code String.indexOf} on one Latin-1 string per line (a JIT intrinsic), the
 *       strings built in set-up — an upper bound for that route, which would have to build them.
 * </ul>
 *
 * Needles: {@code user=99999} absent (user ids stop at 99998) and {@code user=42} present in ~1% of
 * lines, both with every trigram common; {@code error} in ~20% of lines; {@code ms} in every line;
 * {@code #} (one byte, absent); and a 30-byte absent needle, where Horspool's skips are longest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NeedleSearchBenchmark {
    static final int BYTES = 1_000_000;
    static final String[] LEVELS = {"info", "info", "info", "warn", "error"};
    static final String[] PATHS = {"/api/v1/users", "/api/v1/orders", "/healthz", "/api/v1/search", "/login"};
    static final String[] CALLERS = {"handler.go:142", "server.go:88", "db/pool.go:311", "auth/session.go:57"};

    @Param({"user=99999", "user=42", "error", "ms", "#", "trace_id=0000000000000000 user="})
    public String needle;

    byte[] buffer;
    int[] offsets;
    int[] lengths;
    String[] latin1;
    byte[] needleBytes;
    int[] shift;
    String needleString;
    LineFilter filter;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(11);
        buffer = new byte[BYTES];
        int[] offs = new int[BYTES / 64];
        int[] lens = new int[BYTES / 64];
        int lines = 0;
        int at = 0;
        while (at < BYTES) {
            byte[] line = line(random);
            int length = Math.min(line.length, BYTES - at); // the last line is cut to fill the buffer exactly
            System.arraycopy(line, 0, buffer, at, length);
            offs[lines] = at;
            lens[lines] = length;
            lines++;
            at += length;
        }
        offsets = Arrays.copyOf(offs, lines);
        lengths = Arrays.copyOf(lens, lines);
        latin1 = new String[lines];
        for (int i = 0; i < lines; i++) {
            latin1[i] = new String(buffer, offsets[i], lengths[i], StandardCharsets.ISO_8859_1);
        }
        needleBytes = needle.getBytes(StandardCharsets.UTF_8);
        shift = shifts(needleBytes);
        needleString = new String(needleBytes, StandardCharsets.ISO_8859_1);
        filter = new LineFilter(LineFilter.Op.CONTAINS, List.of(needle));
        int expected = indexOf();
        if (swar() != expected || horspool() != expected) {
            throw new IllegalStateException("the three searches disagree on " + needle);
        }
    }

    static byte[] line(SplittableRandom random) {
        String line = "ts=2026-11-29T14:" + (10 + random.nextInt(50)) + ":" + (10 + random.nextInt(50)) + "."
                + (100 + random.nextInt(900)) + "Z level=" + LEVELS[random.nextInt(LEVELS.length)]
                + " caller=" + CALLERS[random.nextInt(CALLERS.length)]
                + " method=GET path=" + PATHS[random.nextInt(PATHS.length)]
                + " status=" + (random.nextInt(10) == 0 ? 500 : 200)
                + " duration=" + random.nextInt(2000) + "ms trace_id="
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                + " user=" + random.nextInt(99_999);
        return line.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public int swar() {
        int found = 0;
        for (int i = 0; i < offsets.length; i++) {
            if (filter.test(buffer, offsets[i], lengths[i])) {
                found++;
            }
        }
        return found;
    }

    @Benchmark
    public int horspool() {
        int found = 0;
        for (int i = 0; i < offsets.length; i++) {
            if (horspool(buffer, offsets[i], lengths[i], needleBytes, shift)) {
                found++;
            }
        }
        return found;
    }

    @Benchmark
    public int indexOf() {
        int found = 0;
        for (String line : latin1) {
            if (line.indexOf(needleString) >= 0) {
                found++;
            }
        }
        return found;
    }

    /** Horspool's table: how far the window may move when its last byte is {@code c}. */
    static int[] shifts(byte[] needle) {
        int[] shift = new int[256];
        Arrays.fill(shift, Math.max(1, needle.length));
        for (int i = 0; i < needle.length - 1; i++) {
            shift[needle[i] & 0xff] = needle.length - 1 - i;
        }
        return shift;
    }

    /** LineFilter's search before issue 11, as it was: Horspool from three bytes, a plain loop below. */
    static boolean horspool(byte[] haystack, int offset, int length, byte[] needle, int[] shift) {
        int n = needle.length;
        if (n < 3) {
            return plain(haystack, offset, length, needle);
        }
        int last = n - 1;
        byte lastByte = needle[last];
        int end = offset + length - n;
        int i = offset;
        while (i <= end) {
            byte b = haystack[i + last];
            if (b == lastByte) {
                int j = 0;
                while (j < last && haystack[i + j] == needle[j]) {
                    j++;
                }
                if (j == last) {
                    return true;
                }
            }
            i += shift[b & 0xff];
        }
        return false;
    }

    static boolean plain(byte[] haystack, int offset, int length, byte[] needle) {
        if (needle.length == 0) {
            return true;
        }
        byte first = needle[0];
        int last = offset + length - needle.length;
        outer:
        for (int i = offset; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
