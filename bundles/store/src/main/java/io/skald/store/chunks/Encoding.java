// SPDX-License-Identifier: Apache-2.0
package io.skald.store.chunks;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.xerial.snappy.Snappy;

/**
 * How a chunk's blocks are compressed. The byte values are Loki's chunk encoding numbers, persisted
 * in every chunk header: never renumber.
 */
public enum Encoding {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    SNAPPY(4, "snappy"),
    LZ4(7, "lz4"),
    ZSTD(9, "zstd");

    private final int code;
    private final String configName;

    Encoding(int code, String configName) {
        this.code = code;
        this.configName = configName;
    }

    public int code() {
        return code;
    }

    /** The name in {@code ingester.chunk_encoding}. */
    public String configName() {
        return configName;
    }

    public static Encoding ofCode(int code) throws IOException {
        for (Encoding e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        throw new IOException("unknown chunk encoding " + code);
    }

    public static Encoding ofConfigName(String name) {
        for (Encoding e : values()) {
            if (e.configName.equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                "unsupported chunk encoding \"" + name + "\": use none, gzip, snappy, lz4 or zstd");
    }

    public byte[] compress(byte[] data, int length) throws IOException {
        return switch (this) {
            case NONE -> Arrays.copyOf(data, length);
            case SNAPPY -> {
                byte[] out = new byte[Snappy.maxCompressedLength(length)];
                int n = Snappy.compress(data, 0, length, out, 0);
                yield Arrays.copyOf(out, n);
            }
            case LZ4 -> {
                LZ4Compressor lz4 = LZ4Factory.fastestInstance().fastCompressor();
                byte[] out = new byte[lz4.maxCompressedLength(length)];
                int n = lz4.compress(data, 0, length, out, 0);
                yield Arrays.copyOf(out, n);
            }
            case ZSTD -> {
                byte[] out = new byte[(int) Zstd.compressBound(length)];
                long n = Zstd.compressByteArray(out, 0, out.length, data, 0, length, 3);
                if (Zstd.isError(n)) {
                    throw new IOException("zstd: " + Zstd.getErrorName(n));
                }
                yield Arrays.copyOf(out, (int) n);
            }
            case GZIP -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(length / 4 + 64);
                try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
                    gz.write(data, 0, length);
                }
                yield out.toByteArray();
            }
        };
    }

    public byte[] decompress(byte[] data, int offset, int length, int uncompressedSize) throws IOException {
        return decompress(data, offset, length, uncompressedSize, null);
    }

    /**
     * Decompresses into {@code into} when it is large enough, else into a new array; returns the
     * array holding the result (a scan reuses one buffer instead of allocating one per block).
     */
    public byte[] decompress(byte[] data, int offset, int length, int uncompressedSize, byte[] into)
            throws IOException {
        byte[] out = into != null && into.length >= uncompressedSize ? into : new byte[uncompressedSize];
        switch (this) {
            case NONE -> System.arraycopy(data, offset, out, 0, length);
            case SNAPPY -> Snappy.uncompress(data, offset, length, out, 0);
            case LZ4 -> {
                try {
                    LZ4Factory.fastestInstance().fastDecompressor().decompress(data, offset, out, 0, uncompressedSize);
                } catch (RuntimeException e) {
                    throw new IOException("lz4: corrupt block", e);
                }
            }
            case ZSTD -> {
                long n = Zstd.decompressByteArray(out, 0, uncompressedSize, data, offset, length);
                if (Zstd.isError(n) || n != uncompressedSize) {
                    throw new IOException("zstd: corrupt block");
                }
            }
            case GZIP -> {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data, offset, length))) {
                    return in.readAllBytes();
                }
            }
        }
        return out;
    }
}
