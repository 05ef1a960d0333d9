// SPDX-License-Identifier: Apache-2.0
package io.skald.store.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.xerial.snappy.Snappy;

/**
 * How a chunk's blocks are compressed. The byte values are Loki's chunk encoding numbers, persisted
 * in every chunk header: never renumber.
 */
public enum Encoding {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    SNAPPY(4, "snappy");

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
        throw new IllegalArgumentException("unsupported chunk encoding \"" + name + "\": use none, gzip or snappy");
    }

    public byte[] compress(byte[] data, int length) throws IOException {
        return switch (this) {
            case NONE -> java.util.Arrays.copyOf(data, length);
            case SNAPPY -> {
                byte[] out = new byte[Snappy.maxCompressedLength(length)];
                int n = Snappy.compress(data, 0, length, out, 0);
                yield java.util.Arrays.copyOf(out, n);
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
        return switch (this) {
            case NONE -> java.util.Arrays.copyOfRange(data, offset, offset + length);
            case SNAPPY -> {
                byte[] out = new byte[uncompressedSize];
                Snappy.uncompress(data, offset, length, out, 0);
                yield out;
            }
            case GZIP -> {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data, offset, length))) {
                    yield in.readAllBytes();
                }
            }
        };
    }
}
