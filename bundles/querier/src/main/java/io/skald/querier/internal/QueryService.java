// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import io.skald.core.json.LokiJson;
import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.core.query.IndexShapes.IndexStats;
import io.skald.core.query.QueryResult;
import io.skald.core.query.QueryStats;
import io.skald.limits.api.TenantLimits;
import io.skald.logql.LogQLParser;
import io.skald.logql.LogQuery;
import io.skald.logql.Matcher;
import io.skald.logql.MetricQuery;
import io.skald.logql.ParseException;
import io.skald.logql.Shard;
import io.skald.logql.Sharding;
import io.skald.querier.api.QueryHandler;
import io.skald.querier.api.QueryParams;
import io.skald.querier.internal.read.MetricEvaluator;
import io.skald.querier.internal.read.MultiTenantQuerier;
import io.skald.querier.internal.read.Querier;
import io.skald.spi.http.Tenant;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loki's query endpoints as functions from parameters to typed answers: query_range and query
 * (the {@link QueryHandler} the frontend calls) and the index endpoints. Failures that are the
 * request's fault are thrown and worded once, by {@link ApiReply#refusal}.
 */
public final class QueryService implements QueryHandler {
    public static final long HOUR = 3_600_000_000_000L;

    private final Querier querier;
    private final TenantLimits limits;

    /** {@code limits}: each tenant's {@code max_entries_limit_per_query} and {@code max_query_series}. */
    public QueryService(Querier querier, TenantLimits limits) {
        this.querier = querier;
        this.limits = limits;
    }

    public Querier querier() {
        return querier;
    }

    /** A read for several tenants ({@code a|b}) is answered only with multi-tenant queries enabled. */
    public boolean servesTenant(String tenant) {
        return !Tenant.isMultiple(tenant) || querier instanceof MultiTenantQuerier;
    }

    static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    @Override
    public Answer handle(String tenant, String route, QueryParams params) throws IOException {
        if (!servesTenant(tenant)) {
            return Answer.bad(Tenant.MULTIPLE);
        }
        try {
            return switch (route) {
                case QUERY_RANGE -> queryRange(tenant, params);
                case QUERY -> instantQuery(tenant, params);
                default -> new Answer.Refused(404, "404 page not found");
            };
        } catch (Exception | StackOverflowError e) {
            Answer.Refused refused = ApiReply.refusal(e);
            if (refused != null) {
                return refused;
            }
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e);
        }
    }

    Answer queryRange(String tenant, QueryParams p) throws IOException, ParseException, QueryParams.BadParam {
        long t0 = System.nanoTime();
        Object parsed = parse(p);
        long[] bounds = p.bounds(now(), HOUR);
        if (bounds[1] < bounds[0]) { // as Loki checks it: equal bounds are allowed, whatever the text says
            return Answer.bad("end timestamp must not be before or equal to start time");
        }
        Querier.Stats stats = new Querier.Stats();
        if (parsed instanceof MetricQuery metric) {
            if (metric.approximate()) {
                return Answer.bad("approx_topk is only supported for instant queries");
            }
            long step = p.step(bounds[0], bounds[1]);
            MetricEvaluator.Result result = limited(
                    tenant, MetricEvaluator.evaluate(metric, source(tenant, stats), bounds[0], bounds[1], step));
            return new Answer.Success(Results.matrix(result.series()), Results.stats(stats, seconds(t0)));
        }
        LogQuery query = (LogQuery) parsed;
        // a read for a|b takes the smallest positive limit of its tenants, as Loki's querier does
        int maxEntries = limits.forRead(tenant).maxEntriesLimitPerQuery();
        int limit = p.limit(100, maxEntries > 0 ? maxEntries : Integer.MAX_VALUE);
        boolean forward = p.forward();
        long interval = p.interval();
        List<Querier.Stream> streams = interval > 0
                ? Intervals.select(querier, tenant, query, bounds[0], bounds[1], limit, forward, interval, stats)
                : querier.selectLogs(tenant, query, bounds[0], bounds[1], limit, forward, stats);
        return new Answer.Success(Results.streams(streams, forward), Results.stats(stats, seconds(t0)));
    }

    Answer instantQuery(String tenant, QueryParams p) throws IOException, ParseException, QueryParams.BadParam {
        long t0 = System.nanoTime();
        Object parsed = parse(p);
        if (!(parsed instanceof MetricQuery metric)) {
            return Answer.bad(
                    "log queries are not supported as an instant query type, please change your query to a range query type");
        }
        long time = p.time("time", now());
        Querier.Stats stats = new Querier.Stats();
        MetricEvaluator.Result result =
                limited(tenant, MetricEvaluator.evaluate(metric, source(tenant, stats), time, time, 1));
        return new Answer.Success(Results.instant(result), Results.stats(stats, seconds(t0)));
    }

    /** The query, parsed, with what Loki refuses only when it builds the pipelines refused now, before anything is read. */
    private static Object parse(QueryParams p) throws ParseException {
        String q = p.get("query");
        if (q == null) {
            throw new IllegalArgumentException("query parameter is required");
        }
        Object parsed = LogQLParser.parse(q);
        String shards = p.get("shards");
        if (shards != null) { // the query-frontend's shards of the streams, in Loki's <index>_of_<total> form
            parsed = Sharding.withShard(parsed, Shard.parse(shards));
        }
        List<LogQuery> queries = parsed instanceof LogQuery lq
                ? List.of(lq)
                : parsed instanceof MetricQuery m
                        ? m.logRanges().stream()
                                .map(MetricQuery.LogRange::query)
                                .toList()
                        : List.of();
        for (LogQuery lq : queries) {
            if (lq.runtimeError() != null) {
                throw new IllegalArgumentException(lq.runtimeError());
            }
        }
        return parsed;
    }

    private MetricEvaluator.Result limited(String tenant, MetricEvaluator.Result result) {
        int maxSeries = limits.forRead(tenant).maxQuerySeries();
        if (maxSeries > 0 && result.series().size() > maxSeries) {
            throw new Querier.TooManySeries(maxSeries);
        }
        return result;
    }

    private MetricEvaluator.SampleSource source(String tenant, Querier.Stats stats) {
        return (range, kind, grouping, from, to, newSeries) ->
                querier.samples(tenant, range, kind, grouping, from, to, stats, newSeries);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---- the index endpoints ------------------------------------------------------------------------

    public ApiReply labels(String tenant, QueryParams p) throws IOException, ParseException, QueryParams.BadParam {
        long[] b = p.bounds(now(), 6 * HOUR);
        return ApiReply.json(LokiJson.strings(querier.labelNames(tenant, selector(p.get("query")), b[0], b[1])));
    }

    public ApiReply labelValues(String tenant, String name, QueryParams p)
            throws IOException, ParseException, QueryParams.BadParam {
        long[] b = p.bounds(now(), 6 * HOUR);
        return ApiReply.json(LokiJson.strings(querier.labelValues(tenant, name, selector(p.get("query")), b[0], b[1])));
    }

    public ApiReply series(String tenant, QueryParams p) throws IOException, ParseException, QueryParams.BadParam {
        List<String> match = p.all("match[]");
        if (match == null || match.isEmpty()) {
            match = p.all("match");
        }
        if (match == null || match.isEmpty()) {
            return ApiReply.bad("at least one match[] argument is required");
        }
        List<List<Matcher>> selectors = new ArrayList<>();
        for (String m : match) {
            selectors.add(LogQLParser.parseSelector(m));
        }
        long[] b = p.bounds(now(), HOUR);
        return ApiReply.json(LokiJson.series(querier.series(tenant, selectors, b[0], b[1])));
    }

    /** {@code {"streams":N,"chunks":N,"entries":N,"bytes":N}}, without Loki's usual envelope (as Loki answers it). */
    public ApiReply indexStats(String tenant, QueryParams p) throws IOException, ParseException, QueryParams.BadParam {
        List<Matcher> matchers = LogQLParser.parseSelector(required(p));
        long[] b = p.bounds(now(), HOUR);
        IndexStats stats = querier.indexStats(tenant, matchers, b[0], b[1]);
        return ApiReply.json(LokiJson.indexStats(stats));
    }

    /** Loki's index/volume (a vector at {@code end}) and index/volume_range (a matrix): bytes per series, largest first. */
    public ApiReply volume(String tenant, QueryParams p, boolean range)
            throws IOException, ParseException, QueryParams.BadParam {
        List<Matcher> matchers = LogQLParser.parseSelector(required(p));
        long[] b = p.bounds(now(), HOUR);
        int limit = p.volumeLimit();
        String targets = p.get("targetLabels");
        List<String> targetLabels = targets == null || targets.isBlank()
                ? List.of()
                : Arrays.stream(targets.split(","))
                        .map(String::trim)
                        .filter(x -> !x.isEmpty())
                        .toList();
        String aggregateBy = p.get("aggregateBy");
        if (aggregateBy != null && !aggregateBy.equals("series") && !aggregateBy.equals("labels")) {
            return ApiReply.bad("invalid aggregation option: " + aggregateBy);
        }
        long step = range ? p.step(b[0], b[1]) : 0;
        Map<Labels, long[]> volumes =
                querier.volume(tenant, matchers, targetLabels, "labels".equals(aggregateBy), b[0], b[1], step);
        List<Map.Entry<Labels, long[]>> ordered = new ArrayList<>(volumes.entrySet());
        ordered.sort((x, y) -> {
            int c = Long.compare(
                    Arrays.stream(y.getValue()).sum(),
                    Arrays.stream(x.getValue()).sum());
            return c != 0 ? c : x.getKey().compareTo(y.getKey());
        });
        List<Map.Entry<Labels, long[]>> top = ordered.subList(0, Math.min(limit, ordered.size()));
        QueryResult result;
        if (range) {
            List<QueryResult.Series> series = new ArrayList<>();
            for (Map.Entry<Labels, long[]> e : top) {
                List<QueryResult.Point> points = new ArrayList<>();
                long[] buckets = e.getValue();
                for (int i = 0; i < buckets.length; i++) {
                    if (buckets[i] != 0) {
                        points.add(new QueryResult.Point(b[0] + i * step, buckets[i]));
                    }
                }
                series.add(new QueryResult.Series(e.getKey(), points));
            }
            result = new QueryResult.Matrix(series);
        } else {
            result = new QueryResult.Vector(top.stream()
                    .map(e -> new QueryResult.Sample(e.getKey(), new QueryResult.Point(b[1], e.getValue()[0])))
                    .toList());
        }
        return ApiReply.json(LokiJson.queryResponse(result, QueryStats.EMPTY, false));
    }

    public ApiReply formatQuery(QueryParams p) throws ParseException {
        return ApiReply.json(LokiJson.string(LogQLParser.parse(required(p)).toString()));
    }

    private static String required(QueryParams p) {
        String q = p.get("query");
        if (q == null) {
            throw new IllegalArgumentException("query parameter is required");
        }
        return q;
    }

    private static List<Matcher> selector(String query) throws ParseException {
        return query == null ? List.of() : LogQLParser.parseSelector(query);
    }

    /** Loki's {@code interval}, in its own class for its cursor arithmetic. */
    static final class Intervals {
        private Intervals() {}

        /**
         * Walking in the query's direction, an entry is returned only when it is at least
         * {@code interval} from the last one returned (across streams, as Loki's single merged
         * iterator does). Read in batches of {@code limit} from a cursor that jumps past what the
         * interval skips, so memory stays O(limit) whatever the range.
         */
        static List<Querier.Stream> select(
                Querier querier,
                String tenant,
                LogQuery query,
                long start,
                long end,
                int limit,
                boolean forward,
                long interval,
                Querier.Stats stats)
                throws IOException {
            record Kept(Labels labels, Labels origin, Entry entry) {}
            List<Kept> kept = new ArrayList<>();
            long from = start;
            long to = end;
            while (kept.size() < limit && from < to) {
                List<Querier.Stream> batch = querier.selectLogs(tenant, query, from, to, limit, forward, stats);
                List<Kept> ordered = new ArrayList<>();
                batch.forEach(s -> s.entries().forEach(e -> ordered.add(new Kept(s.labels(), s.origin(), e))));
                Comparator<Kept> byTime =
                        Comparator.comparingLong(k -> k.entry().timestampNanos());
                ordered.sort(forward ? byTime : byTime.reversed());
                if (ordered.isEmpty()) {
                    break;
                }
                for (Kept k : ordered) {
                    long ts = k.entry().timestampNanos();
                    if (forward ? ts < from : ts >= to) {
                        continue; // skipped by the interval
                    }
                    kept.add(k);
                    if (forward) {
                        from = ts + interval;
                    } else {
                        to = ts - interval + 1; // the next one at or before ts − interval
                    }
                    if (kept.size() >= limit) {
                        break;
                    }
                }
                if (ordered.size() < limit) {
                    break; // the range held no more than this batch
                }
            }
            Map<List<Labels>, List<Entry>> grouped = new LinkedHashMap<>();
            kept.forEach(k -> grouped.computeIfAbsent(List.of(k.labels(), k.origin()), x -> new ArrayList<>())
                    .add(k.entry()));
            List<Querier.Stream> out = new ArrayList<>();
            grouped.forEach((key, entries) -> out.add(new Querier.Stream(key.get(0), key.get(1), entries)));
            stats.linesReturned = kept.size();
            return out;
        }
    }
}
