// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tenant ids as dskit reads them: a write names exactly one valid tenant; with
 * {@code querier.multi_tenant_queries_enabled} a read for {@code a|b} answers from both, each
 * series labelled {@code __tenant_id__}; without it, such a read is refused.
 */
class MultiTenantProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> get(SkaldProcess skald, String orgId, String path, String... params)
            throws Exception {
        StringBuilder q = new StringBuilder(path).append('?');
        for (int i = 0; i < params.length; i += 2) {
            q.append(i == 0 ? "" : "&")
                    .append(params[i])
                    .append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return skald.http.send(
                HttpRequest.newBuilder(URI.create(skald.url(q.toString())))
                        .header("X-Scope-OrgID", orgId)
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void push(SkaldProcess skald, String orgId, long ts, String line) throws Exception {
        String body = "{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"" + ts + "\",\"" + line + "\"]]}]}";
        assertEquals(
                204,
                Pushes.post(skald, "application/json", body.getBytes(StandardCharsets.UTF_8), "X-Scope-OrgID", orgId)
                        .statusCode());
    }

    @Test
    void readsAcrossTenantsWritesToOne() throws Exception {
        Path config = Files.createDirectories(Path.of("target", "e2e"))
                .toAbsolutePath()
                .resolve("multi-tenant.yaml");
        Files.writeString(config, "querier:\n  multi_tenant_queries_enabled: true\n");
        try (SkaldProcess skald = SkaldProcess.start("multi-tenant", "-auth.enabled=true", "-config.file=" + config)) {
            skald.awaitReady(Duration.ofSeconds(60));
            long t = (System.currentTimeMillis() - 10_000) * 1_000_000L;
            push(skald, "team-a", t, "from a");
            push(skald, "team-b", t + 1, "from b");

            HttpResponse<String> several = Pushes.post(
                    skald,
                    "application/json",
                    "{\"streams\":[]}".getBytes(StandardCharsets.UTF_8),
                    "X-Scope-OrgID",
                    "team-a|team-b");
            assertEquals(400, several.statusCode());
            assertEquals("multiple org IDs present", several.body().trim());
            HttpResponse<String> bad = Pushes.post(
                    skald,
                    "application/json",
                    "{\"streams\":[]}".getBytes(StandardCharsets.UTF_8),
                    "X-Scope-OrgID",
                    "team/a");
            assertEquals(400, bad.statusCode());
            assertEquals(
                    "tenant ID 'team/a' contains unsupported character '/'",
                    bad.body().trim());

            String start = Long.toString(t - 1), end = Long.toString(t + 10);
            assertEquals(
                    JSON.readTree("""
                    {"status":"success","data":{"resultType":"streams","result":[
                      {"stream":{"__tenant_id__":"team-a","app":"api","service_name":"api"},"values":[["%d","from a"]]},
                      {"stream":{"__tenant_id__":"team-b","app":"api","service_name":"api"},"values":[["%d","from b"]]}]}}
                    """.formatted(t, t + 1)),
                    QueryFixture.withoutStats(get(
                            skald,
                            "team-b|team-a",
                            "/loki/api/v1/query_range",
                            "query",
                            "{app=\"api\"}",
                            "start",
                            start,
                            "end",
                            end)));
            assertEquals(
                    JSON.readTree("""
                    {"status":"success","data":{"resultType":"streams","result":[
                      {"stream":{"__tenant_id__":"team-b","app":"api","service_name":"api"},"values":[["%d","from b"]]}]}}
                    """.formatted(t + 1)),
                    QueryFixture.withoutStats(get(
                            skald,
                            "team-a|team-b",
                            "/loki/api/v1/query_range",
                            "query",
                            "{app=\"api\", __tenant_id__=\"team-b\"}",
                            "start",
                            start,
                            "end",
                            end)),
                    "the tenant label selects");
            JsonNode counts = QueryFixture.withoutStats(get(
                    skald,
                    "team-a|team-b",
                    "/loki/api/v1/query",
                    "query",
                    "sum by (__tenant_id__) (count_over_time({app=\"api\"}[1m]))",
                    "time",
                    Long.toString(t + 10)));
            assertEquals(2, counts.at("/data/result").size(), counts.toString());
            assertEquals(
                    "team-a", counts.at("/data/result/0/metric/__tenant_id__").asText());
            JsonNode total = QueryFixture.withoutStats(get(
                    skald,
                    "team-a|team-b",
                    "/loki/api/v1/query",
                    "query",
                    "sum(count_over_time({app=\"api\"}[1m]))",
                    "time",
                    Long.toString(t + 10)));
            assertEquals("2", total.at("/data/result/0/value/1").asText(), "summed across tenants");
            assertEquals(
                    JSON.readTree("{\"status\":\"success\",\"data\":[\"__tenant_id__\",\"app\",\"service_name\"]}"),
                    JSON.readTree(get(skald, "team-a|team-b", "/loki/api/v1/labels", "start", start, "end", end)
                            .body()));
            assertEquals(
                    JSON.readTree("{\"status\":\"success\",\"data\":[\"team-a\",\"team-b\"]}"),
                    JSON.readTree(get(
                                    skald,
                                    "team-a|team-b",
                                    "/loki/api/v1/label/__tenant_id__/values",
                                    "start",
                                    start,
                                    "end",
                                    end)
                            .body()));
            assertEquals(
                    List.of("from a"),
                    lines(QueryFixture.withoutStats(get(
                            skald,
                            "team-a",
                            "/loki/api/v1/query_range",
                            "query",
                            "{app=\"api\"}",
                            "start",
                            start,
                            "end",
                            end))),
                    "one tenant reads as before");
        }
    }

    @Test
    void severalTenantsAreRefusedWithoutMultiTenantQueries() throws Exception {
        try (SkaldProcess skald = SkaldProcess.start("single-tenant", "-auth.enabled=true")) {
            skald.awaitReady(Duration.ofSeconds(60));
            for (String path : List.of("/loki/api/v1/query_range", "/loki/api/v1/labels", "/loki/api/v1/series")) {
                HttpResponse<String> r = get(skald, "a|b", path, "query", "{app=\"api\"}", "match[]", "{app=\"api\"}");
                assertEquals(400, r.statusCode(), path);
                assertEquals("multiple org IDs present", r.body().trim(), path);
            }
            assertEquals(
                    200, get(skald, "a|a", "/loki/api/v1/labels").statusCode(), "the same tenant twice is one tenant");
        }
    }

    private static List<String> lines(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.at("/data/result")
                .forEach(s -> s.get("values").forEach(v -> out.add(v.get(1).asText())));
        return out;
    }
}
