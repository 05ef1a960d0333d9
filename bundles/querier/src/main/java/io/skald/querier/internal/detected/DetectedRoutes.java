// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.detected;

import io.skald.core.json.LokiJson;
import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.core.query.IndexShapes.DetectedLabel;
import io.skald.logql.LineState;
import io.skald.logql.LogQLParser;
import io.skald.logql.LogQuery;
import io.skald.logql.Matcher;
import io.skald.logql.ParseException;
import io.skald.logql.Stage;
import io.skald.querier.api.QueryParams;
import io.skald.querier.internal.ApiReply;
import io.skald.querier.internal.QueryService;
import io.skald.querier.internal.read.Querier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Loki 3's discovery endpoints for Logs Drilldown: {@code detected_labels} and {@code detected_fields}. */
public final class DetectedRoutes {
    private final Querier querier;

    public DetectedRoutes(Querier querier) {
        this.querier = querier;
    }

    private static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    /** The stream labels of matching series and how many values each has, as {@link DetectedLabelRules} allows. */
    public ApiReply labels(String tenant, QueryParams p) throws IOException, ParseException, QueryParams.BadParam {
        long[] b = p.bounds(now(), 6 * QueryService.HOUR);
        String q = p.get("query");
        List<Matcher> matchers = q == null ? List.of() : LogQLParser.parseSelector(q);
        Map<String, Set<String>> values = new TreeMap<>();
        for (Labels l : querier.series(tenant, matchers.isEmpty() ? List.of() : List.of(matchers), b[0], b[1])) {
            l.asList()
                    .forEach(x -> values.computeIfAbsent(x.name(), k -> new HashSet<>())
                            .add(x.value()));
        }
        List<DetectedLabel> out = new ArrayList<>();
        values.forEach((name, vs) -> {
            if (DetectedLabelRules.offered(name, vs)) {
                out.add(new DetectedLabel(name, vs.size()));
            }
        });
        return ApiReply.json(LokiJson.detectedLabels(out));
    }

    /**
     * {@code detected_fields} (and {@code detected_field/{name}/values} when {@code name} is given):
     * the newest {@code line_limit} lines of the query, parsed as JSON when they look like an object,
     * else as logfmt; their fields (and structured metadata) with type, cardinality and parsers.
     */
    public ApiReply fields(String tenant, QueryParams p, String name)
            throws IOException, ParseException, QueryParams.BadParam {
        String q = p.get("query");
        if (q == null) {
            return ApiReply.bad("query parameter is required");
        }
        LogQuery query = LogQLParser.parseLogQuery(q);
        long[] b = p.bounds(now(), QueryService.HOUR);
        int lineLimit;
        try {
            lineLimit = p.get("line_limit") == null ? 1000 : Integer.parseInt(p.get("line_limit"));
        } catch (NumberFormatException e) {
            return ApiReply.bad("invalid line_limit: " + e.getMessage());
        }
        int limit = p.limit(1000, Integer.MAX_VALUE);
        LogQuery selected = new LogQuery(query.matchers(), query.filters(), List.of());
        LogQuery json = LogQLParser.parseLogQuery(selected.selector() + " | json");
        LogQuery logfmt = LogQLParser.parseLogQuery(selected.selector() + " | logfmt");
        DetectedFields fields = new DetectedFields();
        LineState state = new LineState();
        for (Querier.Stream s :
                querier.selectLogs(tenant, selected, b[0], b[1], lineLimit, false, new Querier.Stats())) {
            for (Entry e : s.entries()) {
                e.metadata().forEach(m -> fields.add(m.name(), m.value(), null));
                boolean object = e.line().length > 0 && e.line()[0] == '{';
                state.reset(s.origin(), e.timestampNanos(), e.line());
                (object ? json : logfmt).process(state);
                if (state.get(Stage.ERROR) != null) {
                    continue;
                }
                for (Map.Entry<String, String> l : state.labels().entrySet()) {
                    if (s.origin().get(l.getKey()) == null) {
                        fields.add(l.getKey(), l.getValue(), object ? "json" : "logfmt");
                    }
                }
            }
        }
        return ApiReply.json(
                name != null
                        ? LokiJson.detectedFieldValues(fields.values(name, limit))
                        : LokiJson.detectedFields(fields.fields(limit), limit));
    }
}
