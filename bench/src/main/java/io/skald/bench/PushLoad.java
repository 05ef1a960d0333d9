// SPDX-License-Identifier: Apache-2.0
package io.skald.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.skald.logproto.EntryAdapter;
import io.skald.logproto.PushRequest;
import io.skald.logproto.StreamAdapter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.xerial.snappy.Snappy;

/**
 * Pushes Loki protobuf+snappy batches as fast as the server acknowledges them: {@code threads}
 * clients, each batch 1,000 lines of ~150-byte logfmt (quoted values first) over 100 of 1,000 streams, every line unique
 * (fresh timestamps and ids, so nothing is deduplicated away). Counts only acknowledged (204) lines.
 */
final class PushLoad {
    static final int STREAMS = 1000;
    static final int LINES_PER_BATCH = 1000;
    static final int STREAMS_PER_BATCH = 100;
    private static final String[] LEVELS = {"info", "info", "info", "debug", "warn", "error"};
    private static final String[] PATHS = {"/api/v1/users", "/api/v1/orders", "/healthz", "/api/v1/cart", "/login"};
    // Quoted values, one with escaped quotes, before level= as go-kit's caller and many loggers put them:
    // a parser must get past them to find the level.
    private static final String[] MESSAGES = {
        "msg=\"request served\" caller=\"handler.go:123\"",
        "msg=\"request served\" caller=\"handler.go:123\"",
        "msg=\"cache miss for key \\\"user:42\\\"\" caller=\"cache.go:88\"",
        "msg=\"slow query, retrying\" caller=\"db.go:214\"",
    };

    record Result(long lines, long rawBytes, double seconds, long errors, long snappyAloneBytes) {
        double linesPerSecond() {
            return lines / seconds;
        }

        double mbPerSecond() {
            return rawBytes / seconds / 1e6;
        }
    }

    static Result run(String url, int threads, int seconds) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong lines = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong snappyAlone = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(
                    () -> {
                        SplittableRandom random = new SplittableRandom(worker);
                        long batch = 0;
                        while (System.nanoTime() < end) {
                            long[] raw = new long[1];
                            byte[] body = batch(random, worker, batch++, raw, batch % 20 == 0 ? snappyAlone : null);
                            try {
                                HttpResponse<Void> r = http.send(
                                        HttpRequest.newBuilder(URI.create(url))
                                                .header("Content-Type", "application/x-protobuf")
                                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding());
                                if (r.statusCode() == 204) {
                                    lines.addAndGet(LINES_PER_BATCH);
                                    bytes.addAndGet(raw[0]);
                                } else {
                                    errors.incrementAndGet();
                                }
                            } catch (Exception e) {
                                errors.incrementAndGet();
                            }
                        }
                    },
                    "push-load-" + t);
            thread.start();
            workers.add(thread);
        }
        for (Thread t : workers) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(lines.get(), bytes.get(), elapsed, errors.get(), snappyAlone.get());
    }

    /** One push body; adds the raw line bytes to {@code raw[0]}; every 20th batch also measures snappy alone. */
    static byte[] batch(SplittableRandom random, int worker, long batch, long[] raw, AtomicLong snappyAlone) {
        PushRequest.Builder request = PushRequest.newBuilder();
        long now = System.currentTimeMillis() * 1_000_000L;
        ByteArrayOutputStream plain = snappyAlone == null ? null : new ByteArrayOutputStream(LINES_PER_BATCH * 160);
        int firstStream = (int) ((worker * 7919L + batch * STREAMS_PER_BATCH) % STREAMS);
        for (int s = 0; s < STREAMS_PER_BATCH; s++) {
            int stream = (firstStream + s) % STREAMS;
            StreamAdapter.Builder sb = StreamAdapter.newBuilder()
                    .setLabels("{app=\"app-" + (stream % 50) + "\", namespace=\"ns-" + (stream % 7) + "\", pod=\"pod-"
                            + stream + "\"}");
            for (int i = 0; i < LINES_PER_BATCH / STREAMS_PER_BATCH; i++) {
                // Plain appends, not String.format: the generator must stay cheap next to the server on 2 cores.
                String line = new StringBuilder(160)
                        .append(MESSAGES[random.nextInt(MESSAGES.length)])
                        .append(" level=")
                        .append(LEVELS[random.nextInt(LEVELS.length)])
                        .append(" method=GET path=")
                        .append(PATHS[random.nextInt(PATHS.length)])
                        .append(" status=")
                        .append(random.nextInt(10) == 0 ? 500 : 200)
                        .append(" duration=")
                        .append(random.nextInt(2000))
                        .append("ms trace_id=")
                        .append(Long.toHexString(random.nextLong() | Long.MIN_VALUE))
                        .append(" user=")
                        .append(random.nextInt(100_000))
                        .toString();
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                raw[0] += bytes.length;
                if (plain != null) {
                    plain.writeBytes(bytes);
                }
                long ts = now + worker * 1000L + i;
                sb.addEntries(EntryAdapter.newBuilder()
                        .setTimestamp(Timestamp.newBuilder()
                                .setSeconds(ts / 1_000_000_000L)
                                .setNanos((int) (ts % 1_000_000_000L)))
                        .setLine(ByteString.copyFrom(bytes)));
            }
            request.addStreams(sb);
        }
        try {
            if (plain != null) {
                snappyAlone.addAndGet(Snappy.compress(plain.toByteArray()).length);
            }
            return Snappy.compress(request.build().toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private PushLoad() {}
}
