// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL at random moments during a sustained push, {@code skald.crash.iterations} times (20 in the
 * test run; raise it by hand for a soak). After every restart, each acknowledged line must be stored
 * exactly once; a line whose push was cut off may be there once or not at all, never twice.
 */
class CrashProcessIT {
    @Test
    void everyAcknowledgedLineSurvivesSigkillExactlyOnce() throws Exception {
        int iterations = Integer.getInteger("skald.crash.iterations", 20);
        Random random = new Random(7);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        AtomicInteger batchNumber = new AtomicInteger();
        Path dir = null;
        for (int round = 0; round < iterations; round++) {
            SkaldProcess skald = round == 0 ? SkaldProcess.start("crash") : SkaldProcess.restart(dir, "crash");
            dir = skald.dir;
            skald.awaitReady(Duration.ofSeconds(60));
            AtomicBoolean pushing = new AtomicBoolean(true);
            Thread pusher = new Thread(
                    () -> {
                        while (pushing.get()) {
                            int batch = batchNumber.incrementAndGet();
                            List<String> lines = new ArrayList<>();
                            for (int i = 0; i < 200; i++) {
                                lines.add("batch " + batch + " line " + i);
                            }
                            attempted.addAll(lines);
                            try {
                                HttpResponse<String> r = Pushes.post(
                                        skald,
                                        "application/x-protobuf",
                                        Pushes.protobuf("{app=\"crash\", stream=\"s" + (batch % 5) + "\"}", lines));
                                if (r.statusCode() == 204) {
                                    acknowledged.addAll(lines);
                                }
                            } catch (Exception killed) {
                                return; // the server is gone mid-request: not acknowledged
                            }
                        }
                    },
                    "crash-pusher");
            pusher.start();
            Thread.sleep(300 + random.nextInt(1200));
            skald.kill();
            pushing.set(false);
            pusher.join(30_000);
        }
        try (SkaldProcess last = SkaldProcess.restart(dir, "crash")) {
            last.awaitReady(Duration.ofSeconds(60));
            assertEquals(204, last.post("/flush").statusCode());
            List<String> stored = Stored.text(last.dir.resolve("data"), "fake");
            Map<String, Integer> counts = new HashMap<>();
            stored.forEach(l -> counts.merge(l, 1, Integer::sum));
            List<String> missing = acknowledged.stream()
                    .filter(l -> !counts.containsKey(l))
                    .limit(5)
                    .toList();
            List<String> twice = counts.entrySet().stream()
                    .filter(e -> e.getValue() > 1)
                    .map(Map.Entry::getKey)
                    .limit(5)
                    .toList();
            System.out.printf(
                    "crash test: %d kills, %d lines acknowledged, %d stored, WAL %d bytes%n",
                    iterations, acknowledged.size(), stored.size(), walBytes(last.dir.resolve("data/wal")));
            assertTrue(acknowledged.size() > 0, "the pusher got pushes through");
            assertEquals(List.of(), missing, "acknowledged but not stored");
            assertEquals(List.of(), twice, "stored twice");
            assertTrue(attempted.containsAll(counts.keySet()), "nothing stored that was never sent");
        }
    }

    private static long walBytes(Path wal) throws Exception {
        try (var files = Files.list(wal)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
