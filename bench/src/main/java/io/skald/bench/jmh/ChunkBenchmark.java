// SPDX-License-Identifier: Apache-2.0
package io.skald.bench.jmh;

import io.skald.core.model.Entry;
import io.skald.store.chunks.ChunkBuilder;
import io.skald.store.chunks.ChunkReader;
import io.skald.store.chunks.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * The ingester's per-line cost in a chunk: append ~100-byte logfmt lines into 256 KiB blocks and
 * build the chunk (encode), and read every entry back (decode). Scores are per line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChunkBenchmark {
    static final int LINES = 20_000;

    @Param({"snappy", "lz4", "zstd", "gzip", "none"})
    public String encoding;

    List<Entry> entries;
    byte[] chunk;

    @Setup
    public void setUp() throws Exception {
        SplittableRandom random = new SplittableRandom(1);
        entries = new ArrayList<>(LINES);
        long ts = 1_700_000_000_000_000_000L;
        for (int i = 0; i < LINES; i++) {
            ts += random.nextInt(1_000_000);
            String line = "level=" + (random.nextInt(5) == 0 ? "error" : "info")
                    + " method=GET path=/api/v1/users status="
                    + (random.nextInt(10) == 0 ? 500 : 200) + " duration=" + random.nextInt(2000) + "ms trace_id="
                    + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
            entries.add(new Entry(ts, line.getBytes(StandardCharsets.UTF_8), List.of()));
        }
        chunk = encode();
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public byte[] encode() throws Exception {
        ChunkBuilder b = new ChunkBuilder(Encoding.ofConfigName(encoding), 262_144);
        for (Entry e : entries) {
            b.append(e);
        }
        return b.build();
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public int decode() throws Exception {
        return new ChunkReader(chunk).entries().size();
    }
}
