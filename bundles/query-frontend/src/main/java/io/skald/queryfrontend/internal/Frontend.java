// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skald.logql.LogQLParser;
import io.skald.logql.MetricQuery;
import io.skald.logql.ParseException;
import io.skald.querier.api.QueryHandler;
import io.skald.querier.api.QueryHandler.Answer;
import io.skald.querier.api.QueryParams;
import io.skald.spi.log.Labels;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Loki's query-frontend for {@code query_range}: refuses ranges longer than {@code max_query_length},
 * splits the rest at {@code split_queries_by_interval}, runs the parts in parallel on the querier
 * (answering parts that ended long enough ago from the results cache), merges the answers into the
 * one Loki would give, and cancels every part when the query times out or the client goes away.
 */
final class Frontend {
    static final String TIMEOUT_MESSAGE = "Request timed out, decrease the duration of the request or add more label matchers "
            + "(prefer exact match over regex match) to reduce the amount of data processed.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000_000_000L;

    /** The limits in force, read from the module's configuration. */
    record Settings(long splitInterval, long maxQueryLength, long timeout, int maxParallelism, long maxCacheFreshness,
                    boolean cacheResults, int maxEntries) {
        Settings with(long splitInterval, long maxQueryLength, long timeout, int maxParallelism, long maxCacheFreshness,
                      int maxEntries) {
            return new Settings(splitInterval, maxQueryLength, timeout, maxParallelism, maxCacheFreshness, cacheResults, maxEntries);
        }
    }

    private volatile QueryLimits limits;
    private final ExecutorService pool;
    private final ResultsCache cache;
    private final FrontendMetrics metrics;

    Frontend(Settings settings, ExecutorService pool, ResultsCache cache, FrontendMetrics metrics) {
        this.limits = new QueryLimits(settings, java.util.Map.of());
        this.pool = pool;
        this.cache = cache;
        this.metrics = metrics;
    }

    /** The limits in force from now on (the runtime overrides file was read again). */
    void limits(QueryLimits next) {
        this.limits = next;
    }

    /**
     * A query_range request. {@code clientGone} completes when the client disconnects; the parts
     * still running are then interrupted.
     */
    Answer queryRange(String tenant, QueryParams p, java.util.Set<String> flags, QueryHandler querier,
                      CompletableFuture<Void> clientGone) throws IOException {
        long t0 = System.nanoTime();
        Settings settings = limits.forTenant(tenant);
        String q = p.get("query");
        Object parsed;
        long[] bounds;
        long step = 0;
        try {
            if (q == null) {
                return querier.handle(tenant, QueryHandler.QUERY_RANGE, p, flags); // the querier words the refusal
            }
            parsed = LogQLParser.parse(q);
            bounds = p.bounds(now(), HOUR);
            if (bounds[1] < bounds[0]) {
                return querier.handle(tenant, QueryHandler.QUERY_RANGE, p, flags);
            }
            if (parsed instanceof MetricQuery) {
                step = p.step(bounds[0], bounds[1]);
            } else {
                p.limit(100, settings.maxEntries()); // the tenant's max_entries_limit_per_query, in Loki's words
            }
        } catch (ParseException | QueryParams.BadParam e) {
            return Answer.bad(e.getMessage());
        } catch (StackOverflowError deep) {
            return querier.handle(tenant, QueryHandler.QUERY_RANGE, p, flags); // the querier words the refusal
        }
        long length = bounds[1] - bounds[0];
        if (settings.maxQueryLength() > 0 && length > settings.maxQueryLength()) {
            return Answer.bad("the query time range exceeds the limit (query length: " + goDuration(length) + ", limit: "
                    + goDuration(settings.maxQueryLength()) + ")");
        }
        boolean metric = parsed instanceof MetricQuery;
        // interval spaces entries across the whole range: its parts could not be merged, so it runs whole
        long interval = metric || p.get("interval") == null ? settings.splitInterval() : 0;
        List<Splits.Part> parts = metric ? Splits.metric(bounds[0], bounds[1], step, interval)
                : Splits.logs(bounds[0], bounds[1], interval);
        metrics.splits.inc(parts.size());
        List<QueryParams> requests = new ArrayList<>(parts.size());
        for (Splits.Part part : parts) {
            QueryParams r = p.with("start", Long.toString(part.start())).with("end", Long.toString(part.end()));
            requests.add(metric ? r.with("step", seconds(step)) : r);
        }
        List<Answer> answers = run(settings, tenant, QueryHandler.QUERY_RANGE, requests, parts, flags, querier, clientGone);
        if (answers == null) {
            return new Answer(504, "text/plain; charset=utf-8", TIMEOUT_MESSAGE + "\n");
        }
        for (Answer a : answers) {
            if (a.status() != 200) {
                return a;
            }
        }
        if (answers.size() == 1) {
            return answers.get(0);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return Answer.json(metric ? mergeMatrices(answers, seconds) : mergeStreams(answers, limit(p), forward(p), seconds));
    }

    /** The answers of every part in order, or null when the query timed out; every part still running is cancelled. */
    /** An instant query: not split nor cached, but under the same timeout and cancellation. */
    Answer instant(String tenant, QueryParams p, java.util.Set<String> flags, QueryHandler querier,
                   CompletableFuture<Void> clientGone) throws IOException {
        List<Answer> answers = run(limits.forTenant(tenant), tenant, QueryHandler.QUERY, List.of(p),
                List.of(new Splits.Part(Long.MAX_VALUE, Long.MAX_VALUE)), flags, querier, clientGone);
        return answers == null ? new Answer(504, "text/plain; charset=utf-8", TIMEOUT_MESSAGE + "\n") : answers.get(0);
    }

    private List<Answer> run(Settings settings, String tenant, String route, List<QueryParams> requests, List<Splits.Part> parts,
                             java.util.Set<String> flags, QueryHandler querier, CompletableFuture<Void> clientGone) throws IOException {
        long cutoff = now() - settings.maxCacheFreshness();
        List<Future<Answer>> futures = new ArrayList<>(requests.size());
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(Math.max(1, settings.maxParallelism()));
        for (int i = 0; i < requests.size(); i++) {
            QueryParams request = requests.get(i);
            boolean cacheable = settings.cacheResults() && parts.get(i).end() <= cutoff;
            String key = cacheable ? cacheKey(tenant, request) + "\u0000" + new java.util.TreeSet<>(flags) : null;
            futures.add(pool.submit(() -> {
                if (key != null) {
                    String cached = cache.get(key);
                    if (cached != null) {
                        metrics.cacheHits.inc();
                        return Answer.json(cached);
                    }
                    metrics.cacheMisses.inc();
                }
                slots.acquire();
                try {
                    Answer a = querier.handle(tenant, route, request, flags);
                    if (key != null && a.status() == 200) {
                        cache.put(key, a.body());
                    }
                    return a;
                } finally {
                    slots.release();
                }
            }));
        }
        clientGone.thenRun(() -> {
            if (futures.stream().anyMatch(f -> !f.isDone())) {
                metrics.cancelled.labels("client").inc();
            }
            futures.forEach(f -> f.cancel(true));
        });
        long deadline = System.nanoTime() + settings.timeout();
        List<Answer> answers = new ArrayList<>(futures.size());
        try {
            for (Future<Answer> f : futures) {
                long left = deadline - System.nanoTime();
                answers.add(settings.timeout() > 0 ? f.get(Math.max(0, left), TimeUnit.NANOSECONDS) : f.get());
            }
            return answers;
        } catch (TimeoutException e) {
            metrics.cancelled.labels("timeout").inc();
            futures.forEach(f -> f.cancel(true));
            return null;
        } catch (CancellationException e) {
            return List.of(new Answer(499, "text/plain; charset=utf-8", "context canceled\n"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            return List.of(new Answer(499, "text/plain; charset=utf-8", "context canceled\n"));
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof QueryHandler.QueryCancelledException) {
                return List.of(new Answer(499, "text/plain; charset=utf-8", "context canceled\n"));
            }
            throw new IOException(e.getCause());
        }
    }

    private static String cacheKey(String tenant, QueryParams request) {
        StringBuilder b = new StringBuilder(tenant);
        for (String name : List.of("query", "start", "end", "step", "limit", "direction", "interval")) {
            String v = request.get(name);
            b.append('\u0000').append(v == null ? "" : v);
        }
        return b.toString();
    }

    // ---- merging ---------------------------------------------------------------------------------

    /** Parts of a log query: every part's newest (or oldest) entries, re-sorted and cut to the limit. */
    static String mergeStreams(List<Answer> answers, int limit, boolean forward, double seconds) throws IOException {
        record Item(String key, JsonNode stream, long ts, JsonNode value) {
        }
        List<Item> items = new ArrayList<>();
        List<JsonNode> docs = new ArrayList<>();
        for (Answer a : answers) {
            JsonNode doc = JSON.readTree(a.body());
            docs.add(doc);
            for (JsonNode s : doc.at("/data/result")) {
                String key = s.get("stream").toString();
                for (JsonNode v : s.get("values")) {
                    items.add(new Item(key, s.get("stream"), Long.parseLong(v.get(0).asText()), v));
                }
            }
        }
        Comparator<Item> byTime = Comparator.comparingLong(Item::ts);
        items.sort(forward ? byTime : byTime.reversed()); // stable: within a part, the querier's order stays
        Map<String, ObjectNode> streams = new LinkedHashMap<>();
        for (int i = 0; i < items.size() && i < limit; i++) {
            Item item = items.get(i);
            ObjectNode s = streams.computeIfAbsent(item.key(), k -> {
                ObjectNode n = JSON.createObjectNode();
                n.set("stream", item.stream());
                n.putArray("values");
                return n;
            });
            ((ArrayNode) s.get("values")).add(item.value());
        }
        ArrayNode result = JSON.createArrayNode();
        List<ObjectNode> ordered = new ArrayList<>(streams.values());
        ordered.sort(Comparator.comparing(n -> labelsOf(n.get("stream")).toString())); // as Loki: by labels
        ordered.forEach(result::add);
        ObjectNode stats = mergeStats(docs, seconds, Math.min(limit, items.size()));
        JsonNode flags = docs.isEmpty() ? null : docs.get(0).at("/data/encodingFlags");
        return envelope("streams", flags != null && flags.isArray() ? (ArrayNode) flags : null, result, stats);
    }

    /** Parts of a metric query cover disjoint steps: each series' points are concatenated in time order. */
    static String mergeMatrices(List<Answer> answers, double seconds) throws IOException {
        TreeMap<Labels, ObjectNode> series = new TreeMap<>();
        List<JsonNode> docs = new ArrayList<>();
        for (Answer a : answers) {
            JsonNode doc = JSON.readTree(a.body());
            docs.add(doc);
            for (JsonNode s : doc.at("/data/result")) {
                Map<String, String> labels = new TreeMap<>();
                s.get("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                ObjectNode merged = series.computeIfAbsent(Labels.of(labels), k -> {
                    ObjectNode n = JSON.createObjectNode();
                    n.set("metric", s.get("metric"));
                    n.putArray("values");
                    return n;
                });
                s.get("values").forEach(((ArrayNode) merged.get("values"))::add);
            }
        }
        ArrayNode result = JSON.createArrayNode();
        for (ObjectNode s : series.values()) {
            List<JsonNode> points = new ArrayList<>();
            s.get("values").forEach(points::add);
            points.sort(Comparator.comparing(v -> new BigDecimal(v.get(0).asText())));
            ArrayNode sorted = s.putArray("values");
            points.forEach(sorted::add);
            result.add(s);
        }
        return envelope("matrix", null, result, mergeStats(docs, seconds, -1));
    }

    private static Labels labelsOf(JsonNode object) {
        Map<String, String> labels = new TreeMap<>();
        object.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return Labels.of(labels);
    }

    private static String envelope(String resultType, ArrayNode encodingFlags, ArrayNode result, ObjectNode stats) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("status", "success");
        ObjectNode data = doc.putObject("data");
        data.put("resultType", resultType);
        if (encodingFlags != null) {
            data.set("encodingFlags", encodingFlags);
        }
        data.set("result", result);
        if (stats != null) {
            data.set("stats", stats);
        }
        return JSON.writeValueAsString(doc);
    }

    /** Sums the parts' stats; the summary's time, rates and split count describe the whole query. */
    private static ObjectNode mergeStats(List<JsonNode> docs, double seconds, long returned) {
        ObjectNode total = null;
        for (JsonNode doc : docs) {
            JsonNode stats = doc.at("/data/stats");
            if (!stats.isObject()) {
                continue;
            }
            if (total == null) {
                total = stats.deepCopy();
            } else {
                add(total, stats);
            }
        }
        if (total == null) {
            return null;
        }
        ObjectNode summary = (ObjectNode) total.get("summary");
        if (summary != null) {
            summary.put("execTime", seconds);
            summary.put("splits", docs.size());
            summary.put("bytesProcessedPerSecond", seconds > 0 ? (long) (summary.path("totalBytesProcessed").asLong() / seconds) : 0);
            summary.put("linesProcessedPerSecond", seconds > 0 ? (long) (summary.path("totalLinesProcessed").asLong() / seconds) : 0);
            if (returned >= 0) {
                summary.put("totalEntriesReturned", returned);
            }
        }
        return total;
    }

    private static void add(ObjectNode into, JsonNode from) {
        Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode mine = into.get(f.getKey());
            if (mine instanceof ObjectNode o && f.getValue().isObject()) {
                add(o, f.getValue());
            } else if (mine != null && mine.isIntegralNumber() && f.getValue().isIntegralNumber()) {
                into.put(f.getKey(), mine.asLong() + f.getValue().asLong());
            } else if (mine != null && mine.isNumber() && f.getValue().isNumber()) {
                into.put(f.getKey(), mine.asDouble() + f.getValue().asDouble());
            }
        }
    }

    // ---- parameters --------------------------------------------------------------------------------

    private static int limit(QueryParams p) {
        try {
            return p.limit(100, Integer.MAX_VALUE);
        } catch (QueryParams.BadParam e) {
            return 100; // the parts were answered, so the querier accepted it
        }
    }

    private static boolean forward(QueryParams p) {
        try {
            return p.forward();
        } catch (QueryParams.BadParam e) {
            return false;
        }
    }

    private static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos).movePointLeft(9).stripTrailingZeros().toPlainString();
    }

    /** Go's time.Duration formatting: {@code 744h0m0s}, {@code 1m30s}, {@code 1.5s}. */
    static String goDuration(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        long h = d.toHours();
        long m = d.toMinutesPart();
        long s = d.toSecondsPart();
        long ns = d.toNanosPart();
        if (h == 0 && m == 0) {
            if (s == 0 && ns < 1_000_000_000L && ns != 0) {
                return ns % 1_000_000 == 0 ? ns / 1_000_000 + "ms" : ns % 1000 == 0 ? ns / 1000 + "µs" : ns + "ns";
            }
        }
        String sec = ns == 0 ? Long.toString(s) : BigDecimal.valueOf(s * 1_000_000_000L + ns).movePointLeft(9).stripTrailingZeros().toPlainString();
        if (h > 0) {
            return h + "h" + m + "m" + sec + "s";
        }
        if (m > 0) {
            return m + "m" + sec + "s";
        }
        return sec + "s";
    }
}
