// SPDX-License-Identifier: Apache-2.0
package io.skald.bench;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;

/**
 * A closed-loop load generator: {@code concurrency} requests always in flight, each answered one
 * immediately replaced, for a fixed time. HTTP/1.1 uses one connection per outstanding request;
 * h2c multiplexes them over one connection (prior knowledge), as gRPC clients do.
 */
final class HttpLoad {
    enum Protocol {
        HTTP_1_1,
        H2C
    }

    record Result(double requestsPerSecond, double p50Millis, double p99Millis, long errors) {}

    static Result run(String url, Protocol protocol, int concurrency, int seconds) throws Exception {
        HttpClient client = protocol == Protocol.HTTP_1_1
                ? new HttpClient(new HttpClientTransportOverHTTP(1))
                : new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        client.setMaxConnectionsPerDestination(protocol == Protocol.HTTP_1_1 ? concurrency : 1);
        client.setMaxRequestsQueuedPerDestination(concurrency * 4);
        client.start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            AtomicLong done = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            int buckets = 100_000; // 10 µs latency buckets up to 1 s
            AtomicLong[] histogram = new AtomicLong[buckets + 1];
            Arrays.setAll(histogram, i -> new AtomicLong());
            CountDownLatch finished = new CountDownLatch(concurrency);
            long start = System.nanoTime();
            for (int i = 0; i < concurrency; i++) {
                fire(client, url, end, done, errors, histogram, finished);
            }
            finished.await(seconds + 30L, TimeUnit.SECONDS);
            double elapsed = (System.nanoTime() - start) / 1e9;
            return new Result(
                    done.get() / elapsed,
                    percentile(histogram, done.get(), 0.50),
                    percentile(histogram, done.get(), 0.99),
                    errors.get());
        } finally {
            client.stop();
        }
    }

    private static void fire(
            HttpClient client,
            String url,
            long end,
            AtomicLong done,
            AtomicLong errors,
            AtomicLong[] histogram,
            CountDownLatch finished) {
        long t0 = System.nanoTime();
        client.newRequest(url).send(result -> {
            long micros = (System.nanoTime() - t0) / 1_000;
            if (result.isFailed() || result.getResponse().getStatus() != 200) {
                errors.incrementAndGet();
            } else {
                done.incrementAndGet();
                histogram[(int) Math.min(histogram.length - 1, micros / 10)].incrementAndGet();
            }
            if (System.nanoTime() < end) {
                fire(client, url, end, done, errors, histogram, finished);
            } else {
                finished.countDown();
            }
        });
    }

    private static double percentile(AtomicLong[] histogram, long total, double q) {
        long rank = (long) Math.ceil(total * q);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i].get();
            if (seen >= rank) {
                return i * 10 / 1000.0;
            }
        }
        return Double.NaN;
    }

    private HttpLoad() {}
}
