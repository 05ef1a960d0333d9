// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skald.store.api.ChunkRef;
import io.skald.store.api.ChunkStore;
import io.skald.store.chunks.ChunkReader;
import io.skald.store.chunks.ObjectChunkStore;
import io.skald.store.internal.FilesystemObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every chunk encoding works inside the runtime, native codecs (snappy, lz4, zstd) included. */
class EncodingsProcessIT {
    @ParameterizedTest
    @ValueSource(strings = {"lz4", "zstd", "gzip", "none"})
    void chunksAreWrittenWithTheConfiguredEncoding(String encoding) throws Exception {
        Path config = Files.createDirectories(Path.of("target", "e2e"))
                .resolve("encoding-" + encoding + ".yaml")
                .toAbsolutePath();
        Files.writeString(config, "ingester:\n  chunk_encoding: " + encoding + "\n");
        try (SkaldProcess skald = SkaldProcess.start("encoding-" + encoding, "-config.file=" + config)) {
            skald.awaitReady(Duration.ofSeconds(60));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                lines.add("level=info encoding=" + encoding + " n=" + i);
            }
            assertEquals(
                    204,
                    Pushes.post(skald, "application/x-protobuf", Pushes.protobuf("{app=\"enc\"}", lines))
                            .statusCode());
            assertEquals(204, skald.post("/flush").statusCode());
            ChunkStore store = new ObjectChunkStore(new FilesystemObjectStore(skald.dir.resolve("data/chunks")));
            List<ChunkRef> refs = store.refs("fake", 0, Long.MAX_VALUE / 2);
            assertEquals(1, refs.size());
            ChunkReader reader = new ChunkReader(store.getChunk(refs.get(0)));
            assertEquals(encoding, reader.encoding().configName());
            assertEquals(lines.size(), reader.entries().size());
        }
    }
}
