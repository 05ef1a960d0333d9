// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and hostile query parameters — random bytes, invalid UTF-8, deep nesting, huge numbers,
 * mutated real queries — on every query route: each answer is a 4xx or a 200, never a 500, an
 * internal class name or a hang, and the server stays ready. {@code -Dskald.fuzz.requests=N} runs
 * longer by hand (default 400).
 */
class QueryFuzzProcessIT {
    private static final List<String> ROUTES = List.of(
            "/loki/api/v1/query_range",
            "/loki/api/v1/query",
            "/loki/api/v1/labels",
            "/loki/api/v1/label/app/values",
            "/loki/api/v1/series",
            "/loki/api/v1/index/stats",
            "/loki/api/v1/index/volume",
            "/loki/api/v1/index/volume_range",
            "/loki/api/v1/format_query",
            "/loki/api/v1/detected_labels",
            "/loki/api/v1/detected_fields",
            "/loki/api/v1/detected_field/level/values");
    private static final List<String> PARAMS = List.of(
            "query",
            "start",
            "end",
            "step",
            "limit",
            "direction",
            "interval",
            "time",
            "match[]",
            "since",
            "line_limit",
            "targetLabels",
            "aggregateBy",
            "field_limit");
    private static final List<String> SEEDS = List.of(
            "{app=\"api\"}",
            "{app=\"api\"} |= \"error\" | logfmt | level=\"error\"",
            "sum by (level) (count_over_time({app=\"api\"} | logfmt [5m]))",
            "topk(2, rate({app=~\"a.*\"}[1m])) / on(app) group_left vector(1)",
            "quantile_over_time(0.99, {app=\"api\"} | json | unwrap duration(latency) [1m]) by (app)",
            "{app=\"api\"} | line_format \"{{.level | upper}}\" | label_format x=\"{{__line__}}\"",
            "{app=\"api\"} |~ \"(a|b)+\" | pattern \"<ip> - <_>\" | ip=ip(\"10.0.0.0/8\")",
            "1 + 2 * 3",
            "label_replace(rate({a=\"b\"}[1m]), \"x\", \"$1\", \"a\", \"(.*)\")");

    @Test
    void noInputMakesA500OrAHang() throws Exception {
        int requests = Integer.getInteger("skald.fuzz.requests", 400);
        Random random = new Random(20261129L);
        try (SkaldProcess skald = SkaldProcess.start("fuzz")) {
            skald.awaitReady(Duration.ofSeconds(60));
            long now = System.currentTimeMillis() * 1_000_000L;
            String push = "{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"" + now
                    + "\",\"level=error latency=3ms\"]]}]}";
            assertEquals(
                    204,
                    Pushes.post(skald, "application/json", push.getBytes(StandardCharsets.UTF_8))
                            .statusCode());
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < requests && failures.size() < 10; i++) {
                String route = ROUTES.get(random.nextInt(ROUTES.size()));
                StringBuilder q = new StringBuilder(route).append('?');
                int n = 1 + random.nextInt(4);
                for (int p = 0; p < n; p++) {
                    String name = p == 0 ? "query" : PARAMS.get(random.nextInt(PARAMS.size()));
                    q.append(p == 0 ? "" : "&").append(name).append('=').append(percentEncode(value(random)));
                }
                HttpResponse<String> r;
                try {
                    r = skald.http.send(
                            HttpRequest.newBuilder(URI.create(skald.url(q.toString())))
                                    .timeout(Duration.ofSeconds(20))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (HttpTimeoutException hang) {
                    failures.add("no answer within 20 s: " + q.substring(0, Math.min(200, q.length())));
                    continue;
                }
                boolean internal = r.body().contains("java.")
                        || r.body().contains("Exception")
                        || r.body().contains("io.skald.");
                if (r.statusCode() >= 500 || internal) {
                    failures.add(r.statusCode() + " " + q.substring(0, Math.min(200, q.length())) + " -> "
                            + r.body().substring(0, Math.min(300, r.body().length())));
                }
            }
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            assertEquals(200, skald.get("/ready").statusCode());
        }
    }

    /** One hostile value: random bytes, a deep nesting, a huge number, or a real query cut and spliced. */
    private static byte[] value(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> {
                byte[] b = new byte[random.nextInt(40)];
                random.nextBytes(b);
                yield b;
            }
            case 1 -> {
                String seed = SEEDS.get(random.nextInt(SEEDS.size()));
                byte[] b = seed.getBytes(StandardCharsets.UTF_8);
                b[random.nextInt(b.length)] = (byte) (0x80 + random.nextInt(0x80)); // invalid UTF-8 inside a real query
                yield b;
            }
            case 2 -> {
                int depth = 1 + random.nextInt(5000);
                String open = random.nextBoolean() ? "(" : "sum(";
                yield (open.repeat(depth) + "rate({a=\"b\"}[1m])" + ")".repeat(random.nextInt(depth + 1)))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 3 ->
                List.of(
                                "99999999999999999999999999",
                                "-9223372036854775809",
                                "1e400",
                                "NaN",
                                "-1",
                                "0",
                                "Inf",
                                "0x7fffffff",
                                "9223372036854775807",
                                "1.5e308s",
                                "100000000000h",
                                "-5m",
                                "2026-13-45T99:99:99Z")
                        .get(random.nextInt(13))
                        .getBytes(StandardCharsets.UTF_8);
            case 4 -> {
                String seed = SEEDS.get(random.nextInt(SEEDS.size()));
                int cut = random.nextInt(seed.length() + 1);
                yield seed.substring(0, cut).getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                String a = SEEDS.get(random.nextInt(SEEDS.size())), b = SEEDS.get(random.nextInt(SEEDS.size()));
                yield (a.substring(0, random.nextInt(a.length() + 1)) + b.substring(random.nextInt(b.length() + 1)))
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String percentEncode(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return b.toString();
    }
}
