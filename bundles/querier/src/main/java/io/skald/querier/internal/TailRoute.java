// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import io.skald.logql.LogQLParser;
import io.skald.logql.LogQuery;
import io.skald.logql.ParseException;
import io.skald.querier.api.QueryParams;
import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Tenant;
import io.skald.spi.http.TenantRequired;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loki's live tail: {@code GET /loki/api/v1/tail} upgraded to a WebSocket that receives, once a
 * second, the entries that arrived since the last message (older than {@code delay_for}), as Loki's
 * JSON tail messages. Each tail re-reads through the querier, so it sees the ingester and the store
 * alike; a tenant may hold {@code max_concurrent_tail_requests} (10) tails at once.
 */
@Component(service = Request.Handler.class)
@HttpRoute({"/loki/api/v1/tail", "/api/prom/tail"})
@TenantRequired
public final class TailRoute implements Request.Handler {
    static final int MAX_CONCURRENT_TAILS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(TailRoute.class);

    private final QueryService service;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "skald-tail");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicInteger> perTenant = new ConcurrentHashMap<>();
    private final Set<TailSession> sessions = ConcurrentHashMap.newKeySet();

    @Activate
    public TailRoute(@Reference QueryService service) {
        this.service = service;
    }

    @Deactivate
    void deactivate() {
        sessions.forEach(s -> s.close(StatusCode.SHUTDOWN, "server stopping"));
        ticker.shutdownNow();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Fields params = Request.extractQueryParameters(request);
        String tenant = Tenant.of(request);
        String q = params.getValue("query");
        if (q == null) {
            return Responses.text(response, callback, 400, "query parameter is required\n");
        }
        LogQuery query;
        long now = System.currentTimeMillis() * 1_000_000L;
        long start;
        int limit;
        long delayNanos;
        try {
            Object parsed = LogQLParser.parse(q);
            if (!(parsed instanceof LogQuery lq)) {
                return Responses.text(response, callback, 400, "tail queries must be log queries\n");
            }
            query = lq;
            QueryParams p = new QueryParams(params);
            start = p.time("start", now - QueryService.HOUR);
            limit = p.limit(100, Integer.MAX_VALUE);
            String delay = params.getValue("delay_for");
            int delaySeconds = delay == null ? 0 : Integer.parseInt(delay);
            if (delaySeconds > 5) {
                return Responses.text(response, callback, 400, "delay_for can't be greater than 5\n");
            }
            delayNanos = delaySeconds * 1_000_000_000L;
        } catch (ParseException | QueryParams.BadParam e) {
            return Responses.text(response, callback, 400, e.getMessage() + "\n");
        } catch (NumberFormatException e) {
            return Responses.text(response, callback, 400, "invalid delay_for: " + e.getMessage() + "\n");
        }
        AtomicInteger count = perTenant.computeIfAbsent(tenant, t -> new AtomicInteger());
        int active = count.incrementAndGet();
        if (active > MAX_CONCURRENT_TAILS) {
            count.decrementAndGet();
            return Responses.text(response, callback, 400, "max concurrent tail requests limit exceeded, count > limit ("
                    + active + " > " + MAX_CONCURRENT_TAILS + ")\n");
        }
        ServerWebSocketContainer container = ServerWebSocketContainer.ensure(request.getConnectionMetaData().getConnector().getServer());
        TailSession session = new TailSession(tenant, query, new QueryService.TailCursor(start), limit, delayNanos, count);
        if (!container.upgrade((upgradeRequest, upgradeResponse, cb) -> session, request, response, callback)) {
            count.decrementAndGet();
            return Responses.text(response, callback, 400, "tail requires a WebSocket upgrade request\n");
        }
        return true;
    }

    /** One client's tail: a tick a second while the socket is open. */
    public final class TailSession implements Session.Listener.AutoDemanding {
        private final String tenant;
        private final LogQuery query;
        private final QueryService.TailCursor cursor;
        private final int limit;
        private final long delayNanos;
        private final AtomicInteger tenantCount;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Session session;
        private volatile ScheduledFuture<?> ticks;

        TailSession(String tenant, LogQuery query, QueryService.TailCursor cursor, int limit, long delayNanos, AtomicInteger count) {
            this.tenant = tenant;
            this.query = query;
            this.cursor = cursor;
            this.limit = limit;
            this.delayNanos = delayNanos;
            this.tenantCount = count;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            sessions.add(this);
            ticks = ticker.scheduleWithFixedDelay(this::tick, 0, 1, TimeUnit.SECONDS);
        }

        private void tick() {
            Session s = session;
            if (s == null || !s.isOpen()) {
                release();
                return;
            }
            try {
                long to = System.currentTimeMillis() * 1_000_000L - delayNanos;
                String message = service.tail(tenant, query, cursor, to, limit);
                if (message != null) {
                    s.sendText(message, org.eclipse.jetty.websocket.api.Callback.NOOP);
                }
            } catch (Exception e) {
                LOG.warn("tail for tenant {} failed: {}", tenant, e.toString());
                close(StatusCode.SERVER_ERROR, "tail failed");
            }
        }

        void close(int code, String reason) {
            Session s = session;
            if (s != null && s.isOpen()) {
                s.close(code, reason, org.eclipse.jetty.websocket.api.Callback.NOOP);
            }
            release();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            release();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            release();
        }

        private void release() {
            if (closed.compareAndSet(false, true)) {
                ScheduledFuture<?> t = ticks;
                if (t != null) {
                    t.cancel(false);
                }
                sessions.remove(this);
                tenantCount.decrementAndGet();
            }
        }
    }
}
