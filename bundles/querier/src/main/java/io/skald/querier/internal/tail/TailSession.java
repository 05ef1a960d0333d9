// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.tail;

import io.skald.core.model.Entry;
import io.skald.core.query.IndexShapes.DroppedEntry;
import io.skald.ingester.api.Ingester;
import io.skald.ingester.api.IngesterUnavailableException;
import io.skald.ingester.api.StreamEntries;
import io.skald.logql.LogQuery;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's tail: subscribes to the ingester's pushes before reading the history (so nothing
 * falls between the two), then ticks five times a second sending what is due; without an ingester,
 * polls the querier once a second. A quiet tail pings, so neither the socket's idle timeout nor a
 * proxy closes it. Public because Jetty's WebSocket layer calls its methods reflectively.
 */
public final class TailSession implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(TailSession.class);
    /** Pushed batches a tail may hold before it drops entries (and says so). */
    static final int MAX_PENDING_BATCHES = 4096;

    /** What the client asked for. */
    record Request(String tenant, LogQuery query, int limit, long delayNanos, boolean categorize) {}

    private final TailRoute route;
    private final Request request;
    private final TailQueries.TailCursor cursor;
    private final AtomicInteger tenantCount;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final BlockingQueue<StreamEntries> pending = new ArrayBlockingQueue<>(MAX_PENDING_BATCHES);
    private final List<StreamEntries> held = new ArrayList<>();
    private final List<DroppedEntry> dropped = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> sentInHistory = new HashSet<>();
    private volatile Session session;
    private volatile ScheduledFuture<?> ticks;
    private volatile AutoCloseable subscription;
    private boolean historySent;
    private long lastSent = System.nanoTime();

    TailSession(TailRoute route, Request request, TailQueries.TailCursor cursor, AtomicInteger tenantCount) {
        this.route = route;
        this.request = request;
        this.cursor = cursor;
        this.tenantCount = tenantCount;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        route.sessions().add(this);
        Ingester local = route.ingester();
        if (local != null) {
            try { // subscribe before reading the history, so nothing falls between the two
                subscription = local.tail(request.tenant(), request.query()::matches, batch -> {
                    if (!pending.offer(batch)) {
                        batch.entries().forEach(e -> {
                            if (dropped.size() < 1000) {
                                dropped.add(new DroppedEntry(batch.labels(), e.timestampNanos()));
                            }
                        });
                    }
                });
            } catch (IngesterUnavailableException e) {
                subscription = null; // poll instead
            }
        }
        ticks = route.ticker()
                .scheduleWithFixedDelay(this::tick, 0, subscription != null ? 200 : 1000, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        Session s = session;
        if (s == null || !s.isOpen()) {
            release();
            return;
        }
        try {
            long to = System.currentTimeMillis() * 1_000_000L - request.delayNanos();
            String message;
            if (!historySent || subscription == null) {
                message = route.queries()
                        .history(
                                request.tenant(),
                                request.query(),
                                cursor,
                                to,
                                request.limit(),
                                historySent ? null : sentInHistory,
                                request.categorize());
                historySent = true;
            } else {
                List<StreamEntries> due = due(to);
                List<DroppedEntry> lost;
                synchronized (dropped) {
                    lost = new ArrayList<>(dropped);
                    dropped.clear();
                }
                message = due.isEmpty() && lost.isEmpty()
                        ? null
                        : route.queries().live(request.query(), due, sentInHistory, lost, request.categorize());
            }
            long now = System.nanoTime();
            if (message != null) {
                s.sendText(message, Callback.NOOP);
                lastSent = now;
            } else if (now - lastSent > 10_000_000_000L) {
                s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
                lastSent = now;
            }
        } catch (Exception e) {
            LOG.warn("tail for tenant {} failed: {}", request.tenant(), e.toString());
            close(StatusCode.SERVER_ERROR, "tail failed");
        }
    }

    /** delay_for: pushed entries wait until they are that old; the rest stays for the next tick. */
    private List<StreamEntries> due(long to) {
        pending.drainTo(held);
        List<StreamEntries> due = new ArrayList<>();
        Iterator<StreamEntries> it = held.iterator();
        while (it.hasNext()) {
            StreamEntries batch = it.next();
            List<Entry> ready = new ArrayList<>();
            List<Entry> waiting = new ArrayList<>();
            batch.entries()
                    .forEach(e -> (e.timestampNanos() <= to || request.delayNanos() == 0 ? ready : waiting).add(e));
            if (!ready.isEmpty()) {
                due.add(new StreamEntries(batch.labels(), ready));
            }
            it.remove();
            if (!waiting.isEmpty()) {
                held.add(new StreamEntries(batch.labels(), waiting));
                break;
            }
        }
        return due;
    }

    void close(int code, String reason) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(code, reason, Callback.NOOP);
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
            route.sessions().remove(this);
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
