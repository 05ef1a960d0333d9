// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.skald.logql.LogQLParser;
import io.skald.logql.LogQuery;
import io.skald.logql.Matcher;
import io.skald.logql.MetricQuery;
import io.skald.logql.ParseException;
import io.skald.querier.api.QueryHandler;
import io.skald.querier.api.QueryParams;
import io.skald.spi.http.Tenant;
import io.skald.spi.log.Labels;
import io.skald.store.api.Entry;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loki's query endpoints as functions from parameters to an HTTP status and body: the JSON shapes
 * of Loki's HTTP API reference, its error texts (plain text, 400).
 */
final class QueryService implements QueryHandler {
    static final long HOUR = 3_600_000_000_000L;
    private static final JsonFactory JSON = new JsonFactory();

    private final Querier querier;
    private final int maxEntries;

    private final int maxSeries;

    QueryService(Querier querier, int maxEntries) {
        this(querier, maxEntries, 500);
    }

    /** {@code maxSeries}: Loki's {@code max_query_series}, the most series a metric query may answer with. */
    QueryService(Querier querier, int maxEntries, int maxSeries) {
        this.querier = querier;
        this.maxEntries = maxEntries;
        this.maxSeries = maxSeries;
    }

    private MetricEvaluator.Result limited(MetricEvaluator.Result result) {
        if (maxSeries > 0 && result.series().size() > maxSeries) {
            throw new Querier.TooManySeries(maxSeries);
        }
        return result;
    }

    /** A read for several tenants ({@code a|b}) is answered only with multi-tenant queries enabled. */
    boolean servesTenant(String tenant) {
        return !Tenant.isMultiple(tenant) || querier instanceof MultiTenantQuerier;
    }

    private static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    @Override
    public Answer handle(String tenant, String route, QueryParams params, java.util.Set<String> encodingFlags) throws IOException {
        if (!servesTenant(tenant)) {
            return Answer.bad(Tenant.MULTIPLE);
        }
        try {
            return route(tenant, route, params, encodingFlags);
        } catch (StackOverflowError deep) {
            // Go's stacks grow to a gigabyte; a JVM thread's do not: a query nested thousands deep is refused
            return Answer.bad(TOO_DEEP);
        } catch (IllegalArgumentException runtimeFilter) {
            // as in Loki, a line filter's regex (or a misused ip()) is compiled when it first runs
            return Answer.bad(runtimeFilter.getMessage());
        }
    }

    static final String TOO_DEEP = "parse error : query is nested too deeply";

    /** Refuses, before anything is read, what Loki refuses when it builds the query's pipelines. */
    static void checkRuntimeErrors(Object parsed) {
        List<LogQuery> queries = parsed instanceof LogQuery q ? List.of(q)
                : parsed instanceof MetricQuery m ? m.logRanges().stream().map(MetricQuery.LogRange::query).toList() : List.of();
        for (LogQuery q : queries) {
            String error = q.runtimeError();
            if (error != null) {
                throw new IllegalArgumentException(error);
            }
        }
    }

    private Answer route(String tenant, String route, QueryParams params, java.util.Set<String> encodingFlags) throws IOException {
        return switch (route) {
            case QUERY_RANGE -> queryRange(tenant, params, encodingFlags.contains(CATEGORIZE_LABELS));
            case QUERY -> instantQuery(tenant, params);
            case "loki_api_v1_labels", "loki_api_v1_label" -> labels(tenant, params);
            case "loki_api_v1_series" -> series(tenant, params);
            case "loki_api_v1_index_stats" -> indexStats(tenant, params);
            case "loki_api_v1_index_volume" -> volume(tenant, params, false);
            case "loki_api_v1_index_volume_range" -> volume(tenant, params, true);
            case "loki_api_v1_format_query" -> formatQuery(params);
            case "loki_api_v1_detected_labels" -> detectedLabels(tenant, params);
            case "loki_api_v1_detected_fields" -> detectedFields(tenant, params, null);
            default -> new Answer(404, "text/plain; charset=utf-8", "404 page not found\n");
        };
    }

    Answer queryRange(String tenant, QueryParams p, boolean categorize) throws IOException {
        long t0 = System.nanoTime();
        try {
            String q = p.get("query");
            if (q == null) {
                return Answer.bad("query parameter is required");
            }
            Object parsed = LogQLParser.parse(q);
            checkRuntimeErrors(parsed);
            long[] bounds = p.bounds(now(), HOUR);
            if (bounds[1] < bounds[0]) { // as Loki checks it: equal bounds are allowed, whatever the text says
                return Answer.bad("end timestamp must not be before or equal to start time");
            }
            if (parsed instanceof MetricQuery metric) {
                if (metric.approximate()) {
                    return Answer.bad("approx_topk is only supported for instant queries");
                }
                long step = p.step(bounds[0], bounds[1]);
                Querier.Stats stats = new Querier.Stats();
                MetricEvaluator.Result result = limited(MetricEvaluator.evaluate(metric, source(tenant, stats), bounds[0], bounds[1], step));
                return Answer.json(matrixDocument(result.series(), stats, (System.nanoTime() - t0) / 1e9));
            }
            LogQuery query = (LogQuery) parsed;
            int limit = p.limit(100, maxEntries);
            boolean forward = p.forward();
            Querier.Stats stats = new Querier.Stats();
            long interval = p.interval();
            List<Querier.Stream> streams = interval > 0
                    ? atIntervals(tenant, query, bounds[0], bounds[1], limit, forward, interval, stats)
                    : querier.selectLogs(tenant, query, bounds[0], bounds[1], limit, forward, stats);
            return Answer.json(streamsDocument(streams, stats, (System.nanoTime() - t0) / 1e9, categorize));
        } catch (ParseException e) {
            return Answer.bad(e.getMessage());
        } catch (QueryParams.BadParam | Querier.TooManySeries | Querier.PipelineError | MetricEvaluator.EvaluationException e) {
            return Answer.bad(e.getMessage());
        }
    }

    /**
     * Loki's {@code interval}: walking in the query's direction, an entry is returned only when it is
     * at least {@code interval} from the last one returned (across streams, as Loki's single merged
     * iterator does). Read in batches of {@code limit} from a cursor that jumps past what the interval
     * skips, so memory stays O(limit) whatever the range.
     */
    private List<Querier.Stream> atIntervals(String tenant, LogQuery query, long start, long end, int limit, boolean forward,
                                             long interval, Querier.Stats stats) throws IOException {
        record Kept(Labels labels, Labels origin, Entry entry) {
        }
        List<Kept> kept = new ArrayList<>();
        long from = start;
        long to = end;
        while (kept.size() < limit && from < to) {
            List<Querier.Stream> batch = querier.selectLogs(tenant, query, from, to, limit, forward, stats);
            List<Kept> ordered = new ArrayList<>();
            batch.forEach(s -> s.entries().forEach(e -> ordered.add(new Kept(s.labels(), s.origin(), e))));
            java.util.Comparator<Kept> byTime = java.util.Comparator.comparingLong(k -> k.entry().timestampNanos());
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
        kept.forEach(k -> grouped.computeIfAbsent(List.of(k.labels(), k.origin()), x -> new ArrayList<>()).add(k.entry()));
        List<Querier.Stream> out = new ArrayList<>();
        grouped.forEach((key, entries) -> out.add(new Querier.Stream(key.get(0), key.get(1), entries)));
        stats.linesReturned = kept.size();
        return out;
    }

    private MetricEvaluator.SampleSource source(String tenant, Querier.Stats stats) {
        return (range, kind, grouping, from, to, newSeries) -> querier.samples(tenant, range, kind, grouping, from, to, stats, newSeries);
    }

    Answer instantQuery(String tenant, QueryParams p) throws IOException {
        long t0 = System.nanoTime();
        String q = p.get("query");
        if (q == null) {
            return Answer.bad("query parameter is required");
        }
        try {
            Object parsed = LogQLParser.parse(q);
            checkRuntimeErrors(parsed);
            if (!(parsed instanceof MetricQuery metric)) {
                return Answer.bad("log queries are not supported as an instant query type, please change your query to a range query type");
            }
            long time = p.time("time", now());
            Querier.Stats stats = new Querier.Stats();
            MetricEvaluator.Result result = limited(MetricEvaluator.evaluate(metric, source(tenant, stats), time, time, 1));
            List<MetricEvaluator.Series> series = result.series();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (result.scalar()) {
                return Answer.json(success(g -> {
                    g.writeStartObject();
                    g.writeStringField("resultType", "scalar");
                    g.writeFieldName("result");
                    writePoint(g, series.get(0).points().get(0));
                    writeStats(g, stats, seconds);
                    g.writeEndObject();
                }));
            }
            String body = result("vector", stats, seconds, g -> {
                for (MetricEvaluator.Series s : series) {
                    g.writeStartObject();
                    g.writeFieldName("metric");
                    writeLabels(g, s.labels());
                    g.writeFieldName("value");
                    writePoint(g, s.points().get(0));
                    g.writeEndObject();
                }
            });
            return Answer.json(body);
        } catch (ParseException | QueryParams.BadParam | Querier.TooManySeries | Querier.PipelineError
                 | MetricEvaluator.EvaluationException e) {
            return Answer.bad(e.getMessage());
        }
    }

    private static String matrixDocument(List<MetricEvaluator.Series> series, Querier.Stats stats, double seconds) throws IOException {
        return result("matrix", stats, seconds, g -> {
            for (MetricEvaluator.Series s : series) {
                g.writeStartObject();
                g.writeFieldName("metric");
                writeLabels(g, s.labels());
                g.writeArrayFieldStart("values");
                for (MetricEvaluator.Point point : s.points()) {
                    writePoint(g, point);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        });
    }

    /** Loki's query result: {@code {"status":"success","data":{"resultType":…,"result":[…],"stats":{…}}}}. */
    private static String result(String resultType, Querier.Stats stats, double seconds, Body results) throws IOException {
        return success(g -> {
            g.writeStartObject();
            g.writeStringField("resultType", resultType);
            g.writeArrayFieldStart("result");
            results.write(g);
            g.writeEndArray();
            writeStats(g, stats, seconds);
            g.writeEndObject();
        });
    }

    /** {@code [<unix seconds>, "<value>"]}, the value printed as Prometheus prints it (no trailing ".0"). */
    private static void writePoint(JsonGenerator g, MetricEvaluator.Point point) throws IOException {
        g.writeStartArray();
        g.writeNumber(java.math.BigDecimal.valueOf(point.timeNanos()).movePointLeft(9).stripTrailingZeros().toPlainString());
        g.writeString(formatValue(point.value()));
        g.writeEndArray();
    }

    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    Answer labels(String tenant, QueryParams p) throws IOException {
        try {
            long[] b = p.bounds(now(), 6 * HOUR);
            return Answer.json(stringList(querier.labelNames(tenant, selector(p.get("query")), b[0], b[1])));
        } catch (ParseException | QueryParams.BadParam e) {
            return Answer.bad(e.getMessage());
        }
    }

    Answer labelValues(String tenant, String name, QueryParams p) throws IOException {
        try {
            long[] b = p.bounds(now(), 6 * HOUR);
            return Answer.json(stringList(querier.labelValues(tenant, name, selector(p.get("query")), b[0], b[1])));
        } catch (ParseException | QueryParams.BadParam e) {
            return Answer.bad(e.getMessage());
        }
    }

    Answer series(String tenant, QueryParams p) throws IOException {
        try {
            List<String> match = p.all("match[]");
            if (match == null || match.isEmpty()) {
                match = p.all("match");
            }
            if (match == null || match.isEmpty()) {
                return Answer.bad("at least one match[] argument is required");
            }
            List<List<Matcher>> selectors = new ArrayList<>();
            for (String m : match) {
                selectors.add(LogQLParser.parseSelector(m));
            }
            long[] b = p.bounds(now(), HOUR);
            List<Labels> found = querier.series(tenant, selectors, b[0], b[1]);
            return Answer.json(success(g -> {
                g.writeStartArray();
                for (Labels l : found) {
                    writeLabels(g, l);
                }
                g.writeEndArray();
            }));
        } catch (ParseException | QueryParams.BadParam e) {
            return Answer.bad(e.getMessage());
        }
    }

    /** {@code {"streams":N,"chunks":N,"entries":N,"bytes":N}}, without Loki's usual envelope (as Loki answers it). */
    Answer indexStats(String tenant, QueryParams p) throws IOException {
        String q = p.get("query");
        if (q == null) {
            return Answer.bad("query parameter is required");
        }
        try {
            List<Matcher> matchers = LogQLParser.parseSelector(q);
            long[] b = p.bounds(now(), HOUR);
            long[] stats = querier.indexStats(tenant, matchers, b[0], b[1]);
            return Answer.json("{\"streams\":" + stats[0] + ",\"chunks\":" + stats[1] + ",\"entries\":" + stats[2]
                    + ",\"bytes\":" + stats[3] + "}");
        } catch (ParseException | QueryParams.BadParam e) {
            return Answer.bad(e.getMessage());
        }
    }

    /** Loki's index/volume (a vector at {@code end}) and index/volume_range (a matrix): bytes per series, largest first. */
    Answer volume(String tenant, QueryParams p, boolean range) throws IOException {
        String q = p.get("query");
        if (q == null) {
            return Answer.bad("query parameter is required");
        }
        try {
            List<Matcher> matchers = LogQLParser.parseSelector(q);
            long[] b = p.bounds(now(), HOUR);
            int limit = p.volumeLimit();
            String targets = p.get("targetLabels");
            List<String> targetLabels = targets == null || targets.isBlank() ? List.of()
                    : java.util.Arrays.stream(targets.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
            String aggregateBy = p.get("aggregateBy");
            if (aggregateBy != null && !aggregateBy.equals("series") && !aggregateBy.equals("labels")) {
                return Answer.bad("invalid aggregation option: " + aggregateBy);
            }
            long step = range ? p.step(b[0], b[1]) : 0;
            Map<Labels, long[]> volumes = querier.volume(tenant, matchers, targetLabels, "labels".equals(aggregateBy), b[0], b[1], step);
            List<Map.Entry<Labels, long[]>> ordered = new ArrayList<>(volumes.entrySet());
            ordered.sort((x, y) -> {
                int c = Long.compare(java.util.Arrays.stream(y.getValue()).sum(), java.util.Arrays.stream(x.getValue()).sum());
                return c != 0 ? c : x.getKey().compareTo(y.getKey());
            });
            List<Map.Entry<Labels, long[]>> top = ordered.subList(0, Math.min(limit, ordered.size()));
            Querier.Stats stats = new Querier.Stats();
            if (!range) {
                return Answer.json(result("vector", stats, 0, g -> {
                    for (Map.Entry<Labels, long[]> e : top) {
                        g.writeStartObject();
                        g.writeFieldName("metric");
                        writeLabels(g, e.getKey());
                        g.writeFieldName("value");
                        writePoint(g, new MetricEvaluator.Point(b[1], e.getValue()[0]));
                        g.writeEndObject();
                    }
                }));
            }
            return Answer.json(result("matrix", stats, 0, g -> {
                for (Map.Entry<Labels, long[]> e : top) {
                    g.writeStartObject();
                    g.writeFieldName("metric");
                    writeLabels(g, e.getKey());
                    g.writeArrayFieldStart("values");
                    long[] buckets = e.getValue();
                    for (int i = 0; i < buckets.length; i++) {
                        if (buckets[i] != 0) {
                            writePoint(g, new MetricEvaluator.Point(b[0] + i * step, buckets[i]));
                        }
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
            }));
        } catch (ParseException | QueryParams.BadParam e) {
            return Answer.bad(e.getMessage());
        }
    }

    /** Where a live tail stands: the newest timestamp sent and the entries sent at exactly that time. */
    static final class TailCursor {
        long after;
        final java.util.Set<String> sentAtLast = new java.util.HashSet<>();

        TailCursor(long start) {
            this.after = start;
        }
    }

    /**
     * The next tail message: entries in [cursor, to] not sent before, oldest first, as Loki's tail
     * message ({@code {"streams":[{"stream":{…},"values":[["ns","line"]]}]}}); null when there is nothing new.
     */
    String tail(String tenant, LogQuery query, TailCursor cursor, long to, int limit) throws IOException {
        return tail(tenant, query, cursor, to, limit, null, false);
    }

    /**
     * As {@link #tail(String, LogQuery, TailCursor, long, int)}, adding the key of each entry sent to
     * {@code sent}, in the categorize-labels encoding when {@code categorize}.
     */
    String tail(String tenant, LogQuery query, TailCursor cursor, long to, int limit, java.util.Set<String> sent,
                boolean categorize) throws IOException {
        if (to < cursor.after) {
            return null;
        }
        List<Querier.Stream> streams = querier.selectLogs(tenant, query, cursor.after, to + 1, limit + cursor.sentAtLast.size(),
                true, new Querier.Stats());
        TailStreams fresh = new TailStreams();
        long newest = cursor.after;
        List<String> atNewest = new ArrayList<>();
        int count = 0;
        for (Querier.Stream s : streams) {
            for (Entry e : s.entries()) {
                String key = s.labels() + "\u0000" + new String(e.line(), StandardCharsets.UTF_8);
                if (e.timestampNanos() == cursor.after && cursor.sentAtLast.contains(key)) {
                    continue;
                }
                if (count++ >= limit) {
                    break;
                }
                fresh.add(s.labels(), s.origin(), e);
                if (sent != null) {
                    sent.add(tailKey(s.origin(), e));
                }
                if (e.timestampNanos() > newest) {
                    newest = e.timestampNanos();
                    atNewest.clear();
                }
                if (e.timestampNanos() == newest) {
                    atNewest.add(key);
                }
            }
        }
        if (fresh.isEmpty()) {
            return null;
        }
        if (newest != cursor.after) {
            cursor.sentAtLast.clear();
            cursor.after = newest;
        }
        cursor.sentAtLast.addAll(atNewest);
        return tailDocument(fresh.streams(), List.of(), categorize);
    }

    /** An entry a live tail could not keep up with: Loki reports these as {@code dropped_entries}. */
    record Dropped(Labels labels, long timestampNanos) {
    }

    /**
     * A tail message from entries just pushed: those the query keeps, through its pipeline, except
     * those already sent with the history ({@code sent}, keys of stream, time and line).
     * Null when nothing is left and nothing was dropped.
     */
    String live(LogQuery query, List<io.skald.ingester.api.StreamEntries> batch, java.util.Set<String> sent, List<Dropped> dropped,
                boolean categorize) throws IOException {
        TailStreams out = new TailStreams();
        io.skald.logql.LineState state = new io.skald.logql.LineState();
        List<io.skald.ingester.api.StreamEntries> ordered = new ArrayList<>(batch);
        for (io.skald.ingester.api.StreamEntries s : ordered) {
            for (Entry e : s.entries()) {
                if (!query.matches(s.labels()) || !query.keep(e.line())) {
                    continue;
                }
                Labels labels = s.labels();
                Entry entry = e;
                if (!query.stages().isEmpty()) {
                    state.reset(s.labels(), e.timestampNanos(), e.line());
                    for (Labels.Label l : e.metadata()) {
                        state.labels().putIfAbsent(l.name(), l.value());
                    }
                    if (!query.process(state)) {
                        continue;
                    }
                    labels = state.resultLabels();
                    if (state.line() != e.line()) {
                        entry = new Entry(e.timestampNanos(), state.line(), e.metadata());
                    }
                }
                if (sent.contains(tailKey(s.labels(), entry))) {
                    continue; // the history had it already
                }
                out.add(labels, s.labels(), entry);
            }
        }
        if (out.isEmpty() && dropped.isEmpty()) {
            return null;
        }
        List<Querier.Stream> streams = out.streams();
        streams.forEach(st -> st.entries().sort(java.util.Comparator.comparingLong(Entry::timestampNanos)));
        return tailDocument(streams, dropped, categorize);
    }

    /** An entry as a tail sent it: its stream's own labels, its time and the line as sent. */
    static String tailKey(Labels stream, Entry e) {
        return stream + "\u0000" + e.timestampNanos() + "\u0000" + new String(e.line(), StandardCharsets.UTF_8);
    }

    /** A tail's entries grouped by result labels and the labels of the stream they came from. */
    private static final class TailStreams {
        private final Map<List<Labels>, List<Entry>> grouped = new LinkedHashMap<>();

        void add(Labels labels, Labels origin, Entry e) {
            grouped.computeIfAbsent(List.of(labels, origin), k -> new ArrayList<>()).add(e);
        }

        boolean isEmpty() {
            return grouped.isEmpty();
        }

        List<Querier.Stream> streams() {
            List<Querier.Stream> out = new ArrayList<>();
            grouped.forEach((key, entries) -> out.add(new Querier.Stream(key.get(0), key.get(1), entries)));
            return out;
        }
    }

    /**
     * Loki's tail message: {@code {"streams":[…]}}, with {@code "dropped_entries"} when some were and
     * the echoed {@code encodingFlags} when categorized.
     */
    private static String tailDocument(List<Querier.Stream> streams, List<Dropped> dropped, boolean categorize) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("streams");
            StreamsJson.write(g, streams, categorize);
            if (!dropped.isEmpty()) {
                g.writeArrayFieldStart("dropped_entries");
                for (Dropped d : dropped) {
                    g.writeStartObject();
                    g.writeFieldName("labels");
                    writeLabels(g, d.labels());
                    g.writeStringField("timestamp", Long.toString(d.timestampNanos()));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (categorize) {
                g.writeArrayFieldStart("encodingFlags");
                g.writeString(CATEGORIZE_LABELS);
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        return out.toString();
    }

    /** Loki 3's {@code detected_labels}: the stream labels of matching series and how many values each has. */
    Answer detectedLabels(String tenant, QueryParams p) throws IOException {
        try {
            long[] b = p.bounds(now(), 6 * HOUR);
            List<Matcher> matchers = selector(p.get("query"));
            Map<String, java.util.Set<String>> values = new TreeMap<>();
            for (Labels l : querier.series(tenant, matchers.isEmpty() ? List.of() : List.of(matchers), b[0], b[1])) {
                l.asList().forEach(x -> values.computeIfAbsent(x.name(), k -> new java.util.HashSet<>()).add(x.value()));
            }
            StringWriter out = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeArrayFieldStart("detectedLabels");
                for (Map.Entry<String, java.util.Set<String>> e : values.entrySet()) {
                    if (!DetectedLabelRules.offered(e.getKey(), e.getValue())) {
                        continue;
                    }
                    g.writeStartObject();
                    g.writeStringField("label", e.getKey());
                    g.writeNumberField("cardinality", e.getValue().size());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            return Answer.json(out.toString());
        } catch (ParseException | QueryParams.BadParam e) {
            return Answer.bad(e.getMessage());
        }
    }

    /** A field found in log lines: its values, the types they read as, and the parsers that found it. */
    private static final class DetectedField {
        final java.util.Set<String> values = new java.util.LinkedHashSet<>();
        final java.util.Set<String> parsers = new java.util.TreeSet<>();
        String type;

        void add(String value, String parser) {
            values.add(value);
            if (parser != null) {
                parsers.add(parser);
            }
            String t = typeOf(value);
            type = type == null || type.equals(t) ? t : (type.equals("int") && t.equals("float")) || (type.equals("float") && t.equals("int"))
                    ? "float" : "string";
        }

        private static final java.util.regex.Pattern INT = java.util.regex.Pattern.compile("-?\\d+");
        private static final java.util.regex.Pattern FLOAT = java.util.regex.Pattern.compile("-?\\d*\\.\\d+([eE][-+]?\\d+)?");
        private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");
        private static final java.util.regex.Pattern BYTES = java.util.regex.Pattern.compile("\\d+(\\.\\d+)?\\s?([kKMGTP]i?B|B)");

        static String typeOf(String v) {
            if (INT.matcher(v).matches()) {
                return "int";
            }
            if (FLOAT.matcher(v).matches()) {
                return "float";
            }
            if (v.equals("true") || v.equals("false")) {
                return "boolean";
            }
            if (DURATION.matcher(v).matches()) {
                return "duration";
            }
            if (BYTES.matcher(v).matches()) {
                return "bytes";
            }
            return "string";
        }
    }

    /**
     * Loki 3's {@code detected_fields} (and {@code detected_field/{name}/values} when {@code name} is
     * given): the newest {@code line_limit} lines of the query, parsed as JSON when they look like an
     * object, else as logfmt; their fields (and structured metadata) with type, cardinality and parsers.
     */
    Answer detectedFields(String tenant, QueryParams p, String name) throws IOException {
        String q = p.get("query");
        if (q == null) {
            return Answer.bad("query parameter is required");
        }
        try {
            LogQuery query = LogQLParser.parseLogQuery(q);
            long[] b = p.bounds(now(), HOUR);
            int lineLimit = p.get("line_limit") == null ? 1000 : Integer.parseInt(p.get("line_limit"));
            int limit = p.limit(1000, Integer.MAX_VALUE);
            LogQuery selected = new LogQuery(query.matchers(), query.filters(), List.of());
            LogQuery json = LogQLParser.parseLogQuery(selected.selector() + " | json");
            LogQuery logfmt = LogQLParser.parseLogQuery(selected.selector() + " | logfmt");
            Map<String, DetectedField> fields = new TreeMap<>();
            io.skald.logql.LineState state = new io.skald.logql.LineState();
            for (Querier.Stream s : querier.selectLogs(tenant, selected, b[0], b[1], lineLimit, false, new Querier.Stats())) {
                for (Entry e : s.entries()) {
                    e.metadata().forEach(m -> fields.computeIfAbsent(m.name(), k -> new DetectedField()).add(m.value(), null));
                    boolean object = e.line().length > 0 && e.line()[0] == '{';
                    LogQuery parser = object ? json : logfmt;
                    state.reset(s.origin(), e.timestampNanos(), e.line());
                    parser.process(state);
                    if (state.get(io.skald.logql.Stage.ERROR) != null) {
                        continue;
                    }
                    for (Map.Entry<String, String> l : state.labels().entrySet()) {
                        if (s.origin().get(l.getKey()) == null) {
                            fields.computeIfAbsent(l.getKey(), k -> new DetectedField()).add(l.getValue(), object ? "json" : "logfmt");
                        }
                    }
                }
            }
            StringWriter out = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                if (name != null) {
                    g.writeArrayFieldStart("values");
                    DetectedField f = fields.get(name);
                    if (f != null) {
                        int n = 0;
                        for (String v : f.values) {
                            if (n++ >= limit) {
                                break;
                            }
                            g.writeString(v);
                        }
                    }
                    g.writeEndArray();
                } else {
                    g.writeArrayFieldStart("fields");
                    int n = 0;
                    for (Map.Entry<String, DetectedField> f : fields.entrySet()) {
                        if (n++ >= limit) {
                            break;
                        }
                        g.writeStartObject();
                        g.writeStringField("label", f.getKey());
                        g.writeStringField("type", f.getValue().type);
                        g.writeNumberField("cardinality", f.getValue().values.size());
                        if (f.getValue().parsers.isEmpty()) {
                            g.writeNullField("parsers");
                        } else {
                            g.writeArrayFieldStart("parsers");
                            for (String parser : f.getValue().parsers) {
                                g.writeString(parser);
                            }
                            g.writeEndArray();
                        }
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeNumberField("limit", limit);
                }
                g.writeEndObject();
            }
            return Answer.json(out.toString());
        } catch (ParseException | QueryParams.BadParam e) {
            return Answer.bad(e.getMessage());
        } catch (NumberFormatException e) {
            return Answer.bad("invalid line_limit: " + e.getMessage());
        }
    }

    Answer formatQuery(QueryParams p) throws IOException {
        String q = p.get("query");
        if (q == null) {
            return Answer.bad("query parameter is required");
        }
        try {
            String formatted = LogQLParser.parse(q).toString();
            return Answer.json(success(g -> g.writeString(formatted)));
        } catch (ParseException e) {
            return Answer.bad(e.getMessage());
        }
    }

    /** Writes {@code {"status":"success","data":<body>}}. */
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String success(Body data) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeFieldName("data");
            data.write(g);
            g.writeEndObject();
        }
        return out.toString();
    }

    private static List<Matcher> selector(String query) throws ParseException {
        return query == null ? List.of() : LogQLParser.parseSelector(query);
    }

    private static String stringList(List<String> values) throws IOException {
        return success(g -> {
            g.writeStartArray();
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        });
    }

    /** A log result, streams written by {@link StreamsJson}; with categorize-labels the flag is echoed. */
    private static String streamsDocument(List<Querier.Stream> streams, Querier.Stats stats, double seconds,
                                          boolean categorize) throws IOException {
        return success(g -> {
            g.writeStartObject();
            g.writeStringField("resultType", "streams");
            if (categorize) {
                g.writeArrayFieldStart("encodingFlags");
                g.writeString(CATEGORIZE_LABELS);
                g.writeEndArray();
            }
            g.writeFieldName("result");
            StreamsJson.write(g, streams, categorize);
            writeStats(g, stats, seconds);
            g.writeEndObject();
        });
    }

    private static void writeLabels(JsonGenerator g, Labels labels) throws IOException {
        StreamsJson.writeLabels(g, labels);
    }

    /** Loki's stats object: the summary is measured; the per-component sections carry what Skald counts. */
    private static void writeStats(JsonGenerator g, Querier.Stats s, double seconds) throws IOException {
        g.writeObjectFieldStart("stats");
        g.writeObjectFieldStart("summary");
        g.writeNumberField("bytesProcessedPerSecond", seconds > 0 ? (long) (s.bytesDecompressed / seconds) : 0);
        g.writeNumberField("linesProcessedPerSecond", seconds > 0 ? (long) (s.linesProcessed / seconds) : 0);
        g.writeNumberField("totalBytesProcessed", s.bytesDecompressed);
        g.writeNumberField("totalLinesProcessed", s.linesProcessed);
        g.writeNumberField("execTime", seconds);
        g.writeNumberField("queueTime", 0);
        g.writeNumberField("subqueries", 0);
        g.writeNumberField("totalEntriesReturned", s.linesReturned);
        g.writeNumberField("splits", 0);
        g.writeNumberField("shards", 0);
        g.writeNumberField("totalPostFilterLines", s.linesReturned);
        g.writeNumberField("totalStructuredMetadataBytesProcessed", 0);
        g.writeEndObject();
        g.writeObjectFieldStart("querier");
        g.writeObjectFieldStart("store");
        g.writeNumberField("totalChunksRef", s.chunksRef);
        g.writeNumberField("totalChunksDownloaded", s.chunksDownloaded);
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }
}
