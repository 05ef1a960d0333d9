// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import io.skald.core.go.GoDuration;
import io.skald.core.json.LokiJson;
import io.skald.core.json.LokiJsonReader;
import io.skald.limits.api.Limits;
import io.skald.limits.api.TenantLimits;
import io.skald.logql.LogQLParser;
import io.skald.logql.MetricQuery;
import io.skald.logql.ParseException;
import io.skald.logql.Shard;
import io.skald.logql.Sharding;
import io.skald.querier.api.QueryHandler;
import io.skald.querier.api.QueryHandler.Answer;
import io.skald.querier.api.QueryParams;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Loki's query-frontend for {@code query_range}: refuses ranges longer than {@code max_query_length},
 * splits the rest at {@code split_queries_by_interval}, runs the parts in parallel on the querier
 * (answering parts that ended long enough ago from the results cache), merges the answers into the
 * one Loki would give, and cancels every part when the query times out or the client goes away.
 */
final class Frontend {
    static final String TIMEOUT_MESSAGE =
            "Request timed out, decrease the duration of the request or add more label matchers "
                    + "(prefer exact match over regex match) to reduce the amount of data processed.";
    private static final long HOUR = 3_600_000_000_000L;

    /** A tenant's query limits as the frontend uses them, and whether results are cached at all. */
    record Settings(
            long splitInterval,
            long maxQueryLength,
            long timeout,
            int maxParallelism,
            long maxCacheFreshness,
            boolean cacheResults,
            int maxEntries,
            boolean shardQueries) {
        static Settings of(Limits l, boolean cacheResults, boolean shardQueries) {
            return new Settings(
                    l.splitQueriesByIntervalNanos(),
                    l.maxQueryLengthNanos(),
                    l.queryTimeoutNanos(),
                    l.maxQueryParallelism(),
                    l.maxCacheFreshnessNanos(),
                    cacheResults,
                    l.maxEntriesLimitPerQuery(),
                    shardQueries);
        }
    }

    /** Resolved tenant (maybe {@code a|b}) → its settings, asked per request so that limit edits apply at once. */
    private final Function<String, Settings> settings;

    private final ExecutorService pool;
    private final ResultsCache cache;
    private final FrontendMetrics metrics;

    Frontend(
            TenantLimits limits,
            boolean cacheResults,
            boolean shardQueries,
            ExecutorService pool,
            ResultsCache cache,
            FrontendMetrics metrics) {
        this(tenant -> Settings.of(limits.forRead(tenant), cacheResults, shardQueries), pool, cache, metrics);
    }

    /** The same settings for every tenant (tests). */
    Frontend(Settings fixed, ExecutorService pool, ResultsCache cache, FrontendMetrics metrics) {
        this(tenant -> fixed, pool, cache, metrics);
    }

    private Frontend(
            Function<String, Settings> settings, ExecutorService pool, ResultsCache cache, FrontendMetrics metrics) {
        this.settings = settings;
        this.pool = pool;
        this.cache = cache;
        this.metrics = metrics;
    }

    /**
     * A query_range request. {@code clientGone} completes when the client disconnects; the parts
     * still running are then interrupted.
     */
    Answer queryRange(String tenant, QueryParams p, QueryHandler querier, CompletableFuture<Void> clientGone)
            throws IOException {
        long t0 = System.nanoTime();
        Settings settings = this.settings.apply(tenant);
        String q = p.get("query");
        Object parsed;
        long[] bounds;
        long step = 0;
        try {
            if (q == null) {
                return querier.handle(tenant, QueryHandler.QUERY_RANGE, p); // the querier words the refusal
            }
            parsed = LogQLParser.parse(q);
            bounds = p.bounds(now(), HOUR);
            if (bounds[1] < bounds[0]) {
                return querier.handle(tenant, QueryHandler.QUERY_RANGE, p);
            }
            if (parsed instanceof MetricQuery) {
                step = p.step(bounds[0], bounds[1]);
            } else {
                // the tenant's max_entries_limit_per_query (0: none), in Loki's words
                p.limit(100, settings.maxEntries() > 0 ? settings.maxEntries() : Integer.MAX_VALUE);
            }
        } catch (ParseException | QueryParams.BadParam e) {
            return Answer.bad(e.getMessage());
        } catch (StackOverflowError deep) {
            return querier.handle(tenant, QueryHandler.QUERY_RANGE, p); // the querier words the refusal
        }
        long length = bounds[1] - bounds[0];
        if (settings.maxQueryLength() > 0 && length > settings.maxQueryLength()) {
            return Answer.bad("the query time range exceeds the limit (query length: " + GoDuration.format(length)
                    + ", limit: " + GoDuration.format(settings.maxQueryLength()) + ")");
        }
        boolean metric = parsed instanceof MetricQuery;
        // interval spaces entries across the whole range: its parts could not be merged, so it runs whole
        long interval = metric || p.get("interval") == null ? settings.splitInterval() : 0;
        List<Splits.Part> parts = metric
                ? Splits.metric(bounds[0], bounds[1], step, interval)
                : Splits.logs(bounds[0], bounds[1], interval);
        metrics.splits.inc(parts.size());
        // Loki's query sharding: shardable queries also cut each split into shards of their streams,
        // so a range within one split still keeps every core busy
        Sharding.Combine combine = metric ? Sharding.combine((MetricQuery) parsed) : null;
        boolean shardable = settings.shardQueries() && (metric ? combine != null : p.get("interval") == null);
        int shards = shardable ? shardsPerSplit(parts.size()) : 1;
        List<QueryParams> requests = new ArrayList<>(parts.size() * shards);
        List<Splits.Part> requestParts = new ArrayList<>(parts.size() * shards);
        for (Splits.Part part : parts) {
            QueryParams r = p.with("start", Long.toString(part.start())).with("end", Long.toString(part.end()));
            r = metric ? r.with("step", seconds(step)) : r;
            for (int i = 0; i < shards; i++) {
                requests.add(shards > 1 ? r.with("shards", new Shard(i, shards).toString()) : r);
                requestParts.add(part);
            }
        }
        List<Answer> answers =
                run(settings, tenant, QueryHandler.QUERY_RANGE, requests, requestParts, querier, clientGone);
        if (answers == null) {
            return new Answer.Refused(504, TIMEOUT_MESSAGE);
        }
        List<Answer.Success> results = new ArrayList<>(answers.size());
        for (Answer a : answers) {
            if (!(a instanceof Answer.Success success)) {
                return a;
            }
            results.add(success);
        }
        if (results.size() == 1) {
            return results.get(0);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return metric
                ? Merge.matrices(results, seconds, shards, combine == null ? Sharding.Combine.SUM : combine)
                : Merge.streams(results, limit(p), forward(p), seconds, shards);
    }

    /** The answers of every part in order, or null when the query timed out; every part still running is cancelled. */
    /** An instant query: not split nor cached, but under the same timeout and cancellation. */
    Answer instant(String tenant, QueryParams p, QueryHandler querier, CompletableFuture<Void> clientGone)
            throws IOException {
        List<Answer> answers = run(
                settings.apply(tenant),
                tenant,
                QueryHandler.QUERY,
                List.of(p),
                List.of(new Splits.Part(Long.MAX_VALUE, Long.MAX_VALUE)),
                querier,
                clientGone);
        return answers == null ? new Answer.Refused(504, TIMEOUT_MESSAGE) : answers.get(0);
    }

    private List<Answer> run(
            Settings settings,
            String tenant,
            String route,
            List<QueryParams> requests,
            List<Splits.Part> parts,
            QueryHandler querier,
            CompletableFuture<Void> clientGone)
            throws IOException {
        long cutoff = now() - settings.maxCacheFreshness();
        List<Future<Answer>> futures = new ArrayList<>(requests.size());
        Semaphore slots = new Semaphore(Math.max(1, settings.maxParallelism()));
        for (int i = 0; i < requests.size(); i++) {
            QueryParams request = requests.get(i);
            boolean cacheable = settings.cacheResults() && parts.get(i).end() <= cutoff;
            String key = cacheable ? cacheKey(tenant, request) : null;
            futures.add(pool.submit(() -> {
                if (key != null) {
                    String cached = cache.get(key);
                    if (cached != null) {
                        metrics.cacheHits.inc();
                        LokiJsonReader.Response r = LokiJsonReader.queryResponse(cached);
                        return new Answer.Success(r.result(), r.stats());
                    }
                    metrics.cacheMisses.inc();
                }
                slots.acquire();
                try {
                    Answer a = querier.handle(tenant, route, request);
                    if (key != null && a instanceof Answer.Success s) {
                        // the categorized form keeps every label in its place, so either encoding can be written from
                        // it
                        cache.put(key, LokiJson.queryResponse(s.result(), s.stats(), true));
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
            if (settings.timeout() > 0 && System.nanoTime() > deadline) {
                throw new TimeoutException(); // done, but later than query_timeout allows: as Loki, a 504
            }
            return answers;
        } catch (TimeoutException e) {
            metrics.cancelled.labels("timeout").inc();
            futures.forEach(f -> f.cancel(true));
            return null;
        } catch (CancellationException e) {
            return List.of(new Answer.Refused(499, "context canceled"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            return List.of(new Answer.Refused(499, "context canceled"));
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof QueryHandler.QueryCancelledException) {
                return List.of(new Answer.Refused(499, "context canceled"));
            }
            throw new IOException(e.getCause());
        }
    }

    private static String cacheKey(String tenant, QueryParams request) {
        StringBuilder b = new StringBuilder(tenant);
        for (String name : List.of("query", "start", "end", "step", "limit", "direction", "interval", "shards")) {
            String v = request.get(name);
            b.append('\u0000').append(v == null ? "" : v);
        }
        return b.toString();
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

    /**
     * Shards per time split: enough requests for two per core, so the parts balance, and none once
     * the splits alone are that many; at most 16, as Loki's default shard factor.
     */
    static int shardsPerSplit(int splits) {
        int wanted = 2 * Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(16, (wanted + splits - 1) / splits));
    }

    private static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos).movePointLeft(9).stripTrailingZeros().toPlainString();
    }
}
