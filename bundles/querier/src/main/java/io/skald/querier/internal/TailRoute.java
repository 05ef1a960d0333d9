// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import io.skald.logql.LogQLParser;
import io.skald.logql.LogQuery;
import io.skald.logql.ParseException;
import io.skald.querier.api.QueryHandler;
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
    private static final Logger LOG = LoggerFactory.getLogger(TailRoute.class);

    private final QueryService service;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "skald-tail");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicInteger> perTenant = new ConcurrentHashMap<>();
    private final Set<TailSession> sessions = ConcurrentHashMap.newKeySet();

    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private volatile io.skald.ingester.api.Ingester ingester;

    /** Pushed batches a tail may hold before it drops entries (and says so). */
    static final int MAX_PENDING_BATCHES = 4096;

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
        Fields params = QueryParams.decodeQuery(request.getHttpURI().getQuery());
        String tenant = Tenant.of(request);
        if (Tenant.isMultiple(tenant)) { // as Loki's tail: one tenant at a time
            return Responses.text(response, callback, 400, Tenant.MULTIPLE + "\n");
        }
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
            if (lq.runtimeError() != null) {
                return Responses.text(response, callback, 400, lq.runtimeError() + "\n");
            }
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
        boolean categorize = QueryHandler.encodingFlags(request.getHeaders().get("X-Loki-Response-Encoding-Flags"))
                .contains(QueryHandler.CATEGORIZE_LABELS);
        TailSession session = new TailSession(tenant, query, new QueryService.TailCursor(start), limit, delayNanos, count,
                categorize);
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
        private final boolean categorize;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Session session;
        private volatile ScheduledFuture<?> ticks;

        TailSession(String tenant, LogQuery query, QueryService.TailCursor cursor, int limit, long delayNanos, AtomicInteger count,
                    boolean categorize) {
            this.categorize = categorize;
            this.tenant = tenant;
            this.query = query;
            this.cursor = cursor;
            this.limit = limit;
            this.delayNanos = delayNanos;
            this.tenantCount = count;
        }

        private final java.util.concurrent.BlockingQueue<io.skald.ingester.api.StreamEntries> pending =
                new java.util.concurrent.ArrayBlockingQueue<>(MAX_PENDING_BATCHES);
        private final java.util.List<io.skald.ingester.api.StreamEntries> held = new java.util.ArrayList<>();
        private final java.util.List<QueryService.Dropped> dropped = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private final java.util.Set<String> sentInHistory = new java.util.HashSet<>();
        private volatile AutoCloseable subscription;
        private boolean historySent;
        private long lastSent = System.nanoTime();

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            sessions.add(this);
            io.skald.ingester.api.Ingester local = ingester;
            if (local != null) {
                try { // subscribe before reading the history, so nothing falls between the two
                    subscription = local.tail(tenant, query::matches, batch -> {
                        if (!pending.offer(batch)) {
                            batch.entries().forEach(e -> {
                                if (dropped.size() < 1000) {
                                    dropped.add(new QueryService.Dropped(batch.labels(), e.timestampNanos()));
                                }
                            });
                        }
                    });
                } catch (io.skald.ingester.api.IngesterUnavailableException e) {
                    subscription = null; // poll instead
                }
            }
            ticks = ticker.scheduleWithFixedDelay(this::tick, 0, subscription != null ? 200 : 1000, TimeUnit.MILLISECONDS);
        }

        private void tick() {
            Session s = session;
            if (s == null || !s.isOpen()) {
                release();
                return;
            }
            try {
                long to = System.currentTimeMillis() * 1_000_000L - delayNanos;
                String message;
                if (!historySent || subscription == null) {
                    message = service.tail(tenant, query, cursor, to, limit, historySent ? null : sentInHistory, categorize);
                    historySent = true;
                } else {
                    pending.drainTo(held);
                    java.util.List<io.skald.ingester.api.StreamEntries> due = new java.util.ArrayList<>();
                    java.util.Iterator<io.skald.ingester.api.StreamEntries> it = held.iterator();
                    while (it.hasNext()) { // delay_for: entries wait until they are that old
                        io.skald.ingester.api.StreamEntries batch = it.next();
                        java.util.List<io.skald.store.api.Entry> ready = new java.util.ArrayList<>();
                        java.util.List<io.skald.store.api.Entry> waiting = new java.util.ArrayList<>();
                        batch.entries().forEach(e -> (e.timestampNanos() <= to || delayNanos == 0 ? ready : waiting).add(e));
                        if (!ready.isEmpty()) {
                            due.add(new io.skald.ingester.api.StreamEntries(batch.labels(), ready));
                        }
                        it.remove();
                        if (!waiting.isEmpty()) {
                            held.add(new io.skald.ingester.api.StreamEntries(batch.labels(), waiting));
                            break; // the rest stays for the next tick
                        }
                    }
                    java.util.List<QueryService.Dropped> lost;
                    synchronized (dropped) {
                        lost = new java.util.ArrayList<>(dropped);
                        dropped.clear();
                    }
                    message = due.isEmpty() && lost.isEmpty() ? null : service.live(query, due, sentInHistory, lost, categorize);
                }
                long now = System.nanoTime();
                if (message != null) {
                    s.sendText(message, org.eclipse.jetty.websocket.api.Callback.NOOP);
                    lastSent = now;
                } else if (now - lastSent > 10_000_000_000L) {
                    // a quiet tail pings, so neither the socket's idle timeout nor a proxy closes it
                    s.sendPing(java.nio.ByteBuffer.allocate(0), org.eclipse.jetty.websocket.api.Callback.NOOP);
                    lastSent = now;
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
                AutoCloseable sub = subscription;
                if (sub != null) {
                    try {
                        sub.close();
                    } catch (Exception e) {
                        LOG.debug("closing a tail subscription: {}", e.toString());
                    }
                }
            }
        }
    }
}
