// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.tail;

import io.skald.core.concurrent.Threads;
import io.skald.core.json.LokiJson;
import io.skald.ingester.api.Ingester;
import io.skald.logql.LogQLParser;
import io.skald.logql.LogQuery;
import io.skald.logql.ParseException;
import io.skald.querier.api.QueryHandler;
import io.skald.querier.api.QueryParams;
import io.skald.querier.internal.QueryService;
import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Tenant;
import io.skald.spi.http.TenantRequired;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Loki's live tail: {@code GET /loki/api/v1/tail} upgraded to a WebSocket. It first sends the
 * newest {@code limit} entries since {@code start} (through the querier: ingester and store), then,
 * as Loki's ingester tailers do, the entries of every acknowledged push as they come, whatever their
 * timestamps, held back {@code delay_for} seconds. A tail that cannot keep up reports what it lost as
 * {@code dropped_entries}. Without an ingester in this process, it polls the querier once a second
 * instead. A tenant may hold {@code max_concurrent_tail_requests} (10) tails at once.
 */
@Component(service = Request.Handler.class)
@HttpRoute({"/loki/api/v1/tail", "/api/prom/tail"})
@TenantRequired
public final class TailRoute implements Request.Handler {
    static final int MAX_CONCURRENT_TAILS = 10;

    private final TailQueries queries;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1, Threads.daemon("skald-tail"));
    private final Map<String, AtomicInteger> perTenant = new ConcurrentHashMap<>();
    private final Set<TailSession> sessions = ConcurrentHashMap.newKeySet();

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Ingester ingester;

    @Activate
    public TailRoute(@Reference QueryService service) {
        this.queries = new TailQueries(service.querier());
    }

    @Deactivate
    void deactivate() {
        sessions.forEach(s -> s.close(StatusCode.SHUTDOWN, "server stopping"));
        ticker.shutdownNow();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Fields params = QueryParams.decodeQuery(request.getHttpURI().getQuery());
        String tenant = Tenant.of(request);
        if (Tenant.isMultiple(tenant)) { // as Loki's tail: one tenant at a time
            return bad(response, callback, Tenant.MULTIPLE);
        }
        String q = params.getValue("query");
        if (q == null) {
            return bad(response, callback, "query parameter is required");
        }
        LogQuery query;
        long start;
        int limit;
        long delayNanos;
        try {
            if (!(LogQLParser.parse(q) instanceof LogQuery lq)) {
                return bad(response, callback, "tail queries must be log queries");
            }
            query = lq;
            if (lq.runtimeError() != null) {
                return bad(response, callback, lq.runtimeError());
            }
            QueryParams p = new QueryParams(params);
            start = p.time("start", System.currentTimeMillis() * 1_000_000L - QueryService.HOUR);
            limit = p.limit(100, Integer.MAX_VALUE);
            String delay = params.getValue("delay_for");
            int delaySeconds = delay == null ? 0 : Integer.parseInt(delay);
            if (delaySeconds > 5) {
                return bad(response, callback, "delay_for can't be greater than 5");
            }
            delayNanos = delaySeconds * 1_000_000_000L;
        } catch (ParseException | QueryParams.BadParam e) {
            return bad(response, callback, e.getMessage());
        } catch (NumberFormatException e) {
            return bad(response, callback, "invalid delay_for: " + e.getMessage());
        }
        AtomicInteger count = perTenant.computeIfAbsent(tenant, t -> new AtomicInteger());
        int active = count.incrementAndGet();
        if (active > MAX_CONCURRENT_TAILS) {
            count.decrementAndGet();
            return bad(
                    response,
                    callback,
                    "max concurrent tail requests limit exceeded, count > limit (" + active + " > "
                            + MAX_CONCURRENT_TAILS + ")");
        }
        boolean categorize = QueryHandler.encodingFlags(request.getHeaders().get(QueryHandler.ENCODING_FLAGS_HEADER))
                .contains(LokiJson.CATEGORIZE_LABELS);
        TailSession session = new TailSession(
                this,
                new TailSession.Request(tenant, query, limit, delayNanos, categorize),
                new TailQueries.TailCursor(start),
                count);
        ServerWebSocketContainer container = ServerWebSocketContainer.ensure(
                request.getConnectionMetaData().getConnector().getServer());
        if (!container.upgrade((upgradeRequest, upgradeResponse, cb) -> session, request, response, callback)) {
            count.decrementAndGet();
            return bad(response, callback, "tail requires a WebSocket upgrade request");
        }
        return true;
    }

    private static boolean bad(Response response, Callback callback, String message) {
        return Responses.text(response, callback, 400, message + "\n");
    }

    TailQueries queries() {
        return queries;
    }

    Ingester ingester() {
        return ingester;
    }

    ScheduledExecutorService ticker() {
        return ticker;
    }

    Set<TailSession> sessions() {
        return sessions;
    }
}
