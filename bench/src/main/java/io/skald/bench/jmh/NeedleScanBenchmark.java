// SPDX-License-Identifier: Apache-2.0
package io.skald.bench.jmh;

import io.skald.core.model.Entry;
import io.skald.logql.LineFilter;
import io.skald.store.chunks.ChunkBuilder;
import io.skald.store.chunks.ChunkReader;
import io.skald.store.chunks.ChunkReader.BlockMeta;
import io.skald.store.chunks.Encoding;
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
 * The {@code |= "user=99999"} query's inner loop in process, away from the server's noise: a snappy
 * chunk of 256 KiB blocks holding exactly 16,000,000 bytes of ~150-byte logfmt lines, every block
 * decompressed and walked with {@link ChunkReader#scanRaw} as the querier walks it, each line tested
 * where it lies. One operation per second is 16 MB/s of lines; the figures below are multiplied out.
 *
 * <ul>
 *   <li>{@code decompress}: snappy alone, every block into one scratch buffer — the ceiling;
 *   <li>{@code walk}: decompress and walk the entries, a line test that keeps nothing;
 *   <li>{@code horspool} / {@code swar}: decompress, walk and search with the old loop or {@link
 *       LineFilter}.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NeedleScanBenchmark {
    static final int BYTES = 16_000_000;

    @Param({"user=99999"})
    public String needle;

    ChunkReader reader;
    List<BlockMeta> blocks;
    byte[] chunk;
    byte[] scratch;
    byte[] needleBytes;
    int[] shift;
    LineFilter filter;
    int kept;

    @Setup
    public void setUp() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        ChunkBuilder builder = new ChunkBuilder(Encoding.ofConfigName("snappy"), 262_144);
        long ts = 1_700_000_000_000_000_000L;
        int total = 0;
        while (total < BYTES) {
            byte[] line = NeedleSearchBenchmark.line(random);
            if (total + line.length > BYTES) {
                line = Arrays.copyOf(line, BYTES - total); // the last line is cut to fill the chunk exactly
            }
            builder.append(new Entry(ts += 1_000, line, List.of()));
            total += line.length;
        }
        chunk = builder.build();
        reader = new ChunkReader(chunk);
        blocks = reader.blocks();
        scratch = new byte[512 * 1024];
        needleBytes = needle.getBytes(StandardCharsets.UTF_8);
        shift = NeedleSearchBenchmark.shifts(needleBytes);
        filter = new LineFilter(LineFilter.Op.CONTAINS, List.of(needle));
        if (swar() != horspool()) {
            throw new IllegalStateException("the searches disagree on " + needle);
        }
    }

    @Benchmark
    public int decompress() throws Exception {
        int n = 0;
        for (BlockMeta b : blocks) {
            n += reader.encoding().decompress(chunk, b.offset(), b.length(), b.uncompressedSize(), scratch).length;
        }
        return n;
    }

    @Benchmark
    public int walk() throws Exception {
        return scan((buffer, offset, length) -> false);
    }

    @Benchmark
    public int horspool() throws Exception {
        return scan(
                (buffer, offset, length) -> NeedleSearchBenchmark.horspool(buffer, offset, length, needleBytes, shift));
    }

    @Benchmark
    public int swar() throws Exception {
        return scan(filter::test);
    }

    private int scan(ChunkReader.LineTest test) throws Exception {
        kept = 0;
        for (BlockMeta b : blocks) {
            reader.scanRaw(b, Long.MIN_VALUE, Long.MAX_VALUE, test, (ts, buffer, offset, length, metadata) -> kept++);
        }
        return kept;
    }
}
