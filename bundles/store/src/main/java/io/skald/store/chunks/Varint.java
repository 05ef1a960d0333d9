// SPDX-License-Identifier: Apache-2.0
package io.skald.store.chunks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reading protobuf-style varints and length-prefixed strings; {@link ByteSink} writes them. */
public final class Varint {
    private Varint() {}

    public static long uvarint(ByteBuffer in) throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!in.hasRemaining()) {
                throw new IOException("truncated varint");
            }
            byte b = in.get();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IOException("varint overflows 64 bits");
    }

    public static long varint(ByteBuffer in) throws IOException {
        long u = uvarint(in);
        return (u >>> 1) ^ -(u & 1);
    }

    public static int length(ByteBuffer in) throws IOException {
        long n = uvarint(in);
        if (n < 0 || n > in.remaining()) {
            throw new IOException("length " + n + " exceeds the " + in.remaining() + " bytes left");
        }
        return (int) n;
    }

    public static byte[] bytes(ByteBuffer in) throws IOException {
        byte[] b = new byte[length(in)];
        in.get(b);
        return b;
    }

    public static String string(ByteBuffer in) throws IOException {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }
}
