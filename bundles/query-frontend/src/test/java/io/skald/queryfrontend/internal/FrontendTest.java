// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.client.CollectorRegistry;
import io.skald.querier.api.QueryHandler;
import io.skald.querier.api.QueryParams;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Fields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrontendTest {
    static final long H = 3_600_000_000_000L;
    static final long M = 60_000_000_000L;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void logSplitsAreDisjointAndAlignedToTheInterval() {
        assertEquals(
                List.of(
                        new Splits.Part(90 * M, 2 * H),
                        new Splits.Part(2 * H, 3 * H),
                        new Splits.Part(3 * H, 3 * H + 30 * M)),
                Splits.logs(90 * M, 3 * H + 30 * M, H));
        assertEquals(List.of(new Splits.Part(10 * M, 20 * M)), Splits.logs(10 * M, 20 * M, H));
        assertEquals(List.of(new Splits.Part(0, 5 * H)), Splits.logs(0, 5 * H, 0), "0 disables splitting");
    }

    @Test
    void metricSplitsGiveEachStepToOnePart() {
        // steps every 25 minutes from 0:50: 0:50 | 1:15 1:40 | 2:05 2:30 2:55 | 3:20
        assertEquals(
                List.of(
                        new Splits.Part(50 * M, 50 * M),
                        new Splits.Part(75 * M, 100 * M),
                        new Splits.Part(125 * M, 175 * M),
                        new Splits.Part(200 * M, 200 * M)),
                Splits.metric(50 * M, 200 * M, 25 * M, H));
    }

    @Test
    void aClientGoneInterruptsEveryRunningPart() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch interrupted = new CountDownLatch(2);
        QueryHandler slow = (tenant, route, params) -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new QueryHandler.QueryCancelledException();
            }
            return QueryHandler.Answer.bad("unreachable");
        };
        FrontendMetrics metrics = new FrontendMetrics(new CollectorRegistry());
        Frontend frontend = new Frontend(
                new Frontend.Settings(H, 0, 60_000_000_000L, 32, 10 * M, true, 5000, false),
                pool,
                new ResultsCache(1 << 20),
                metrics);
        Fields fields = new Fields();
        fields.add("query", "{app=\"x\"}");
        long now = System.currentTimeMillis() * 1_000_000L;
        fields.add("start", Long.toString((now / H) * H - 30 * M));
        fields.add("end", Long.toString((now / H) * H + 10 * M));
        CompletableFuture<Void> clientGone = new CompletableFuture<>();
        CompletableFuture<QueryHandler.Answer> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return frontend.queryRange("t", new QueryParams(fields), slow, clientGone);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS), "both parts run at once");
        clientGone.complete(null);
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "both parts were interrupted");
        assertEquals(new QueryHandler.Answer.Refused(499, "context canceled"), answer.get(10, TimeUnit.SECONDS));
        assertEquals(1.0, metrics.cancelled.labels("client").get());
    }

    @Test
    void theCacheEvictsTheLeastRecentlyUsed() {
        ResultsCache cache = new ResultsCache(1000);
        cache.put("a", "x".repeat(200));
        cache.put("b", "y".repeat(200));
        cache.get("a");
        cache.put("c", "z".repeat(200));
        assertEquals(null, cache.get("b"));
        assertTrue(cache.get("a") != null && cache.get("c") != null);
        assertTrue(cache.bytes() <= 1000);
    }
}
