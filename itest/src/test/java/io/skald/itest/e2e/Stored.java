// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.store.api.ChunkRef;
import io.skald.store.api.ChunkStore;
import io.skald.store.chunks.ChunkReader;
import io.skald.store.chunks.ObjectChunkStore;
import io.skald.store.internal.FilesystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what a runtime stored, straight from its filesystem object store, through the index. */
final class Stored {
    record Line(String labels, long timestampNanos, String line, List<Labels.Label> metadata) {}

    private Stored() {}

    static List<Line> lines(Path dataDir, String tenant) throws Exception {
        ChunkStore store = new ObjectChunkStore(new FilesystemObjectStore(dataDir.resolve("chunks")));
        List<Line> out = new ArrayList<>();
        for (ChunkRef ref : store.refs(tenant, 0, Long.MAX_VALUE / 2)) {
            for (Entry e : new ChunkReader(store.getChunk(ref)).entries()) {
                out.add(new Line(
                        ref.labels().toString(),
                        e.timestampNanos(),
                        new String(e.line(), StandardCharsets.UTF_8),
                        e.metadata()));
            }
        }
        return out;
    }

    static List<ChunkRef> refs(Path dataDir, String tenant) throws Exception {
        return new ObjectChunkStore(new FilesystemObjectStore(dataDir.resolve("chunks")))
                .refs(tenant, 0, Long.MAX_VALUE / 2);
    }

    static List<String> text(Path dataDir, String tenant) throws Exception {
        return lines(dataDir, tenant).stream().map(Line::line).toList();
    }
}
