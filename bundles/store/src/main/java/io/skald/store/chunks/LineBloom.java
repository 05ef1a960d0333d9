// SPDX-License-Identifier: Apache-2.0
package io.skald.store.chunks;

/**
 * A small Bloom filter of the byte trigrams in a block's lines, written next to the block, so that a
 * {@code |= "needle"} query can skip a block whose lines cannot contain the needle without
 * decompressing it. One hash per trigram into 32,768 bits (4 KiB, about 5% of a snappy block): each
 * trigram alone has a high false-positive rate on a full block, but a needle is only possible when
 * every one of its trigrams is present, and those chances multiply.
 */
public final class LineBloom {
    public static final int BITS = 1 << 15;
    private static final int SHIFT = 32 - 15;

    private final long[] words = new long[BITS / 64];

    /** Adds every trigram of a line. */
    public void add(byte[] line, int offset, int length) {
        int end = offset + length - 2;
        for (int i = offset; i < end; i++) {
            int bit = index(line[i], line[i + 1], line[i + 2]);
            words[bit >>> 6] |= 1L << bit;
        }
    }

    public byte[] toBytes() {
        byte[] out = new byte[BITS / 8];
        for (int i = 0; i < words.length; i++) {
            long w = words[i];
            for (int j = 0; j < 8; j++) {
                out[i * 8 + j] = (byte) (w >>> (8 * j));
            }
        }
        return out;
    }

    /** Whether a line of the block could contain {@code needle}; always true without a filter or for needles under 3 bytes. */
    public static boolean mightContain(byte[] bloom, byte[] needle) {
        if (bloom == null || bloom.length != BITS / 8 || needle.length < 3) {
            return true;
        }
        for (int i = 0; i + 2 < needle.length; i++) {
            int bit = index(needle[i], needle[i + 1], needle[i + 2]);
            if ((bloom[bit >>> 3] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    private static int index(byte a, byte b, byte c) {
        int trigram = (a & 0xff) << 16 | (b & 0xff) << 8 | (c & 0xff);
        return (trigram * 0x9E3779B1) >>> SHIFT;
    }
}
