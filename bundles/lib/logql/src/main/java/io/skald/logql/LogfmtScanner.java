// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads one logfmt line pair by pair where it lies (a decompressed block), as Loki's decoder
 * ({@code pkg/logql/log/logfmt}, after go-logfmt) reads it: the same tokens, the same errors at the same
 * positions. It makes no objects: a pair is a key range and a value range; strings are made by the
 * caller, and only for the pairs it wants ({@link LogfmtValues}). One scanner is reused for every line.
 */
final class LogfmtScanner {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    // What went wrong on the last pair that was refused; the message is only made when --strict reports it.
    static final int OK = 0;
    static final int UNEXPECTED = 1; // a byte that cannot stand there: '=' or '"'
    static final int INVALID_KEY = 2; // a key that is not valid UTF-8 (or holds U+FFFD)
    static final int UNTERMINATED = 3;
    static final int INVALID_QUOTE = 4; // a bad escape inside quotes

    private static final int KEYS = 64; // a line has a dozen keys, a stream a few dozen: most are met again

    // The label names of keys met before, by a hash of their bytes: the same String (hash computed once)
    // for the same key on every line, instead of a new one per pair.
    private final byte[][] cachedKeys = new byte[KEYS][];
    private final String[] cachedNames = new String[KEYS];
    private byte[] b;
    private int start; // where the line begins: error positions count from here
    private int end;
    private int pos;

    int keyStart;
    int keyEnd;
    boolean keyAscii;
    int valueStart; // valueStart == valueEnd: no value (Loki's nil and empty are both skipped or kept alike)
    int valueEnd;
    boolean quoted; // the value lay between quotes
    boolean escaped; // ... and holds a backslash: it must be unquoted

    int error;
    int errorPos; // 1-based, from the line's start, as Loki prints it
    byte errorByte;

    void reset(byte[] buffer, int from, int to) {
        b = buffer;
        start = from;
        end = to;
        pos = from;
        error = OK;
    }

    boolean eol() {
        return pos >= end;
    }

    /**
     * The next pair; false at the end of the line or for a malformed pair, which is then skipped up to
     * the next space (with {@link #error} set). A true answer always has a key; a bare key has no value.
     */
    boolean next() {
        byte[] b = this.b;
        int n = end;
        int i = pos;
        while (i < n && (b[i] & 0xff) <= ' ') { // control bytes and spaces between pairs
            i++;
        }
        if (i >= n) {
            pos = n;
            return false;
        }
        keyStart = i;
        valueStart = valueEnd = 0;
        quoted = escaped = false;
        i = nextDelimiter(b, i, n);
        int c = i < n ? b[i] : 0;
        int high = 0;
        for (int k = keyStart; k < i; k++) { // keys are short: a second look is cheaper than a flag per byte
            high |= b[k];
        }
        keyEnd = i;
        keyAscii = high >= 0;
        if (i >= n || c != '=' && c != '"') { // a bare key: at a space or the line's end
            pos = i;
            if (!keyAscii && !LogfmtValues.validKey(b, keyStart, keyEnd)) {
                return fail(INVALID_KEY, i, (byte) 0);
            }
            return true;
        }
        if (c == '"' || i == keyStart) { // a quote in a key, or '=' with no key before it
            return skip(UNEXPECTED, i, (byte) c);
        }
        if (!keyAscii && !LogfmtValues.validKey(b, keyStart, keyEnd)) {
            return skip(INVALID_KEY, i, (byte) 0);
        }
        i++; // past '='
        if (i >= n || (b[i] >= 0 && b[i] <= ' ')) {
            pos = i;
            return true; // key= with nothing after it
        }
        if (b[i] == '"') {
            return quotedValue(i);
        }
        int from = i;
        i = nextDelimiter(b, i, n);
        if (i < n && (b[i] == '=' || b[i] == '"')) {
            return skip(UNEXPECTED, i, b[i]);
        }
        valueStart = from;
        valueEnd = i;
        pos = i;
        return true;
    }

    /** A value from its opening quote: up to the closing one, past escaped quotes, without copying. */
    private boolean quotedValue(int quote) {
        byte[] b = this.b;
        int n = end;
        int i = quote + 1;
        boolean esc = false;
        while (true) {
            i = nextQuoteOrBackslash(b, i, n);
            if (i >= n) {
                pos = n;
                return fail(UNTERMINATED, n, (byte) 0);
            }
            if (b[i] == '"') {
                break;
            }
            esc = true;
            i += 2; // the backslash and whatever it escapes, a quote included
        }
        pos = i + 1;
        quoted = true;
        escaped = esc;
        valueStart = quote + 1;
        valueEnd = i;
        if (esc && !LogfmtValues.validEscapes(b, valueStart, valueEnd)) {
            return fail(INVALID_QUOTE, pos, (byte) 0);
        }
        return true;
    }

    /**
     * The first {@code "} or {@code \} at or after {@code i}, or {@code n}. Quoted values are most of a
     * real line's bytes, so this is the loop that counts: it tests eight bytes at a time (SWAR).
     */
    static int nextQuoteOrBackslash(byte[] b, int i, int n) {
        while (i + 8 <= n) {
            long w = (long) LONGS.get(b, i);
            long q = w ^ 0x2222222222222222L; // '"' bytes become zero
            long s = w ^ 0x5C5C5C5C5C5C5C5CL; // '\' bytes become zero
            long hit = ((q - 0x0101010101010101L) & ~q | (s - 0x0101010101010101L) & ~s) & 0x8080808080808080L;
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3); // the lowest hit is exact (little-endian)
            }
            i += 8;
        }
        while (i < n && b[i] != '"' && b[i] != '\\') {
            i++;
        }
        return i;
    }

    /**
     * The first byte at or after {@code i} that ends a key or an unquoted value ({@code =}, {@code "}, a
     * space or a control byte; bytes ≥ 0x80 do not), or {@code n}; eight bytes at a time, as above.
     */
    static int nextDelimiter(byte[] b, int i, int n) {
        while (i + 8 <= n) {
            long w = (long) LONGS.get(b, i);
            long q = w ^ 0x2222222222222222L; // '"' bytes become zero
            long e = w ^ 0x3D3D3D3D3D3D3D3DL; // '=' bytes become zero
            long low = (w - 0x2121212121212121L) & ~w; // bytes below 0x21 (never one ≥ 0x80)
            long hit = ((q - 0x0101010101010101L) & ~q | (e - 0x0101010101010101L) & ~e | low) & 0x8080808080808080L;
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
            i += 8;
        }
        while (i < n) {
            int c = b[i];
            if (c == '=' || c == '"' || (c >= 0 && c <= ' ')) {
                break;
            }
            i++;
        }
        return i;
    }

    private boolean skip(int code, int at, byte c) {
        int i = at;
        while (i < end && (b[i] & 0xff) > ' ') {
            i++;
        }
        pos = i;
        return fail(code, at, c);
    }

    private boolean fail(int code, int at, byte c) {
        error = code;
        errorPos = at - start + 1;
        errorByte = c;
        return false;
    }

    /** The current pair's key as a label name (sanitised), from the cache when it was met before. */
    String keyName() {
        int from = keyStart;
        int to = keyEnd;
        if (!keyAscii || to - from > 64) {
            return LogfmtValues.key(b, from, to, keyAscii);
        }
        int h = to - from;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ (h >>> 6)) & (KEYS - 1);
        byte[] known = cachedKeys[slot];
        if (known != null && Arrays.equals(known, 0, known.length, b, from, to)) {
            return cachedNames[slot];
        }
        String name = LogfmtValues.key(b, from, to, true);
        cachedKeys[slot] = Arrays.copyOfRange(b, from, to);
        cachedNames[slot] = name;
        return name;
    }

    /** The error Loki's decoder would report for the last refused pair, or null. */
    String errorMessage() {
        String what = switch (error) {
            case OK -> null;
            case UNEXPECTED -> "unexpected '" + (char) errorByte + "'";
            case INVALID_KEY -> "invalid key";
            case UNTERMINATED -> "unterminated quoted value";
            default -> "invalid quoted value";
        };
        return what == null ? null : "logfmt syntax error at pos " + errorPos + " : " + what;
    }
}
