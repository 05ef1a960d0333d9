// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;

/** Real-looking log lines from a few templates with varying values, reproducible by seed. */
public final class LogGenerators {
    private static final DateTimeFormatter NGINX_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[] PATHS = {"/api/v1/users", "/api/v1/orders", "/static/app.js", "/healthz"};
    private static final String[] AGENTS = {"curl/8.5.0", "Mozilla/5.0", "Go-http-client/1.1"};
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin"};

    private LogGenerators() {}

    /** Nginx access log lines: GET and POST requests with varying clients, times, ids, statuses and sizes. */
    public static IntFunction<String> nginx(long seed) {
        Random r = new Random(seed);
        return i -> {
            String ip = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
            String time = NGINX_TIME.format(Instant.ofEpochSecond(1_700_000_000L + i));
            boolean post = r.nextInt(4) == 0;
            String path = PATHS[r.nextInt(PATHS.length)] + (r.nextBoolean() ? "/" + r.nextInt(100_000) : "");
            int status = post ? 201 : r.nextInt(10) == 0 ? 404 : 200;
            return ip + " - - [" + time + "] \"" + (post ? "POST" : "GET") + " " + path + " HTTP/1.1\" " + status + " "
                    + r.nextInt(50_000) + " \"-\" \"" + AGENTS[r.nextInt(AGENTS.length)] + "\"";
        };
    }

    /** Logfmt application logs from three message templates. */
    public static IntFunction<String> logfmt(long seed) {
        Random r = new Random(seed);
        return i -> {
            String ts = "ts=2024-03-01T10:" + String.format("%02d:%02d.%03dZ", i / 60 % 60, i % 60, r.nextInt(1000));
            return switch (r.nextInt(3)) {
                case 0 ->
                    ts + " level=info caller=http.go:" + (100 + r.nextInt(3))
                            + " msg=\"request served\" method=GET status=200 duration=" + r.nextInt(900) + "ms";
                case 1 -> ts + " level=warn caller=cache.go:42 msg=\"cache miss\" key=user:" + r.nextInt(10_000);
                default ->
                    ts + " level=error caller=db.go:77 msg=\"query failed\" err=\"connection reset by peer\" retry="
                            + r.nextInt(5);
            };
        };
    }

    /** JSON logs whose message has three templates; the other fields vary. */
    public static IntFunction<String> json(long seed) {
        Random r = new Random(seed);
        return i -> {
            String message = switch (r.nextInt(3)) {
                case 0 ->
                    "user " + USERS[r.nextInt(USERS.length)] + " logged in from " + r.nextInt(256) + "."
                            + r.nextInt(256) + ".0.1";
                case 1 -> "order " + r.nextInt(1_000_000) + " shipped to warehouse " + (1 + r.nextInt(9));
                default ->
                    "payment declined for card ending " + (1000 + r.nextInt(9000)) + ", retrying in " + r.nextInt(60)
                            + "s";
            };
            return "{\"time\":\"2024-03-01T10:00:" + String.format("%02d", i % 60) + "Z\",\"level\":\"info\",\"msg\":\""
                    + message + "\",\"pid\":" + r.nextInt(40_000) + "}";
        };
    }

    /** Lines that share nothing: every token random, token counts varying. */
    public static IntFunction<String> distinct(long seed) {
        Random r = new Random(seed);
        return i -> {
            StringBuilder b = new StringBuilder();
            int words = 4 + r.nextInt(12);
            for (int w = 0; w < words; w++) {
                b.append(w == 0 ? "" : " ");
                for (int c = 0; c < 3 + r.nextInt(6); c++) {
                    b.append((char) ('a' + r.nextInt(26)));
                }
            }
            return b.toString();
        };
    }
}
