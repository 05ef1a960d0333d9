// SPDX-License-Identifier: Apache-2.0
package io.skald.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.xerial.snappy.Snappy;

/**
 * The ceiling a run is held against, measured in that run: snappy compress and decompress MB/s on
 * one core, over 256 KiB blocks of logfmt lines like the push load's. Figures move 2–3× between
 * machines of one kind; their ratio to this does much less.
 */
final class Ceiling {
    private Ceiling() {}

    record Result(double compressMBs, double decompressMBs) {}

    static Result snappy(double seconds) throws Exception {
        Random random = new Random(42);
        StringBuilder b = new StringBuilder();
        while (b.length() < 256 * 1024) {
            b.append("level=")
                    .append(random.nextInt(10) < 8 ? "info" : "error")
                    .append(" method=GET path=/api/v1/items/")
                    .append(random.nextInt(1000))
                    .append(" status=")
                    .append(200 + random.nextInt(4) * 100)
                    .append(" duration=")
                    .append(random.nextInt(900))
                    .append("ms trace_id=")
                    .append(Long.toHexString(random.nextLong()))
                    .append(" user=")
                    .append(random.nextInt(100_000))
                    .append('\n');
        }
        byte[] block = b.toString().getBytes(StandardCharsets.UTF_8);
        byte[] compressed = Snappy.compress(block);
        long deadline = System.nanoTime() + (long) (seconds * 0.5e9);
        long bytes = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() < deadline) {
            compressed = Snappy.compress(block);
            bytes += block.length;
        }
        double compress = bytes / ((System.nanoTime() - t0) / 1e9) / 1e6;
        deadline = System.nanoTime() + (long) (seconds * 0.5e9);
        bytes = 0;
        t0 = System.nanoTime();
        while (System.nanoTime() < deadline) {
            bytes += Snappy.uncompress(compressed).length;
        }
        double decompress = bytes / ((System.nanoTime() - t0) / 1e9) / 1e6;
        return new Result(compress, decompress);
    }

    static void print(double seconds) throws Exception {
        Result r = snappy(seconds);
        System.out.printf(
                "ceiling (this run, one core): snappy compress %.0f MB/s, decompress %.0f MB/s%n",
                r.compressMBs(), r.decompressMBs());
    }
}
