// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.CollectorRegistry;
import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.ingester.api.PushResult;
import io.skald.ingester.api.StreamEntries;
import io.skald.ingester.api.StreamPush;
import io.skald.store.chunks.Encoding;
import io.skald.store.chunks.ObjectChunkStore;
import io.skald.store.internal.FilesystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The push hand-off the pattern ingester reads: every tenant, only what was kept, never failing a push. */
class IngesterObserveTest {
    static final long HOUR = 3_600_000_000_000L;
    static final Labels API = Labels.of(Map.of("app", "api"));
    static final Labels WEB = Labels.of(Map.of("app", "web"));

    record Seen(String tenant, List<StreamEntries> streams) {}

    @TempDir
    Path dir;

    IngesterCore core;

    @BeforeEach
    void start() throws Exception {
        Settings settings = new Settings(
                Encoding.SNAPPY,
                4096,
                1 << 20,
                2 * HOUR,
                HOUR,
                dir.resolve("wal"),
                Wal.SyncPolicy.NEVER,
                1 << 20,
                tenant -> 0,
                false,
                1L << 30);
        core = new IngesterCore(
                settings,
                new ObjectChunkStore(new FilesystemObjectStore(dir.resolve("chunks"))),
                new IngesterMetrics(new CollectorRegistry()));
        core.start();
    }

    @AfterEach
    void stop() throws Exception {
        core.stop();
    }

    static Entry entry(long ts, String line) {
        return new Entry(ts, line.getBytes(StandardCharsets.UTF_8), List.of());
    }

    static String text(Entry e) {
        return new String(e.line(), StandardCharsets.UTF_8);
    }

    @Test
    void everyTenantsPushIsHandedOnOncePerPushWithWhatWasKept() throws Exception {
        List<Seen> seen = new ArrayList<>();
        AutoCloseable handle = core.observe((tenant, streams) -> seen.add(new Seen(tenant, streams)));

        core.push(
                "a",
                List.of(
                        new StreamPush(API, List.of(entry(HOUR, "one"), entry(HOUR + 1, "two"))),
                        new StreamPush(WEB, List.of(entry(HOUR, "GET /")))));
        // The duplicate is not new data: only "three" is handed on.
        core.push(
                "b",
                List.of(new StreamPush(API, List.of(entry(HOUR, "x"), entry(HOUR, "x"), entry(HOUR + 5, "three")))));

        assertEquals(2, seen.size());
        assertEquals("a", seen.get(0).tenant());
        assertEquals(
                List.of(API, WEB),
                seen.get(0).streams().stream().map(StreamEntries::labels).toList());
        assertEquals(
                List.of("one", "two"),
                seen.get(0).streams().get(0).entries().stream()
                        .map(IngesterObserveTest::text)
                        .toList());
        assertEquals("b", seen.get(1).tenant());
        assertEquals(
                List.of("x", "three"),
                seen.get(1).streams().get(0).entries().stream()
                        .map(IngesterObserveTest::text)
                        .toList());

        handle.close();
        core.push("a", List.of(new StreamPush(API, List.of(entry(HOUR + 10, "after close")))));
        assertEquals(2, seen.size());
    }

    @Test
    void aPushThatKeptNothingIsNotHandedOn() throws Exception {
        List<Seen> seen = new ArrayList<>();
        core.push("a", List.of(new StreamPush(API, List.of(entry(HOUR, "one")))));
        core.observe((tenant, streams) -> seen.add(new Seen(tenant, streams)));
        PushResult r = core.push("a", List.of(new StreamPush(API, List.of(entry(HOUR, "one")))));
        assertEquals(1, r.duplicates());
        assertTrue(seen.isEmpty());
    }

    @Test
    void aFailingObserverDoesNotFailThePushNorStarveTheOthers() throws Exception {
        List<Seen> seen = new ArrayList<>();
        core.observe((tenant, streams) -> {
            throw new IllegalStateException("broken observer");
        });
        core.observe((tenant, streams) -> seen.add(new Seen(tenant, streams)));
        PushResult r = core.push("a", List.of(new StreamPush(API, List.of(entry(HOUR, "one")))));
        assertEquals(1, r.accepted());
        assertTrue(r.errors().isEmpty());
        assertEquals(1, seen.size());
    }
}
