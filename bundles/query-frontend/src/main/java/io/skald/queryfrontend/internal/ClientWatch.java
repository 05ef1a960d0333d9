// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Notices an HTTP/1.1 client that hung up while its query runs. Jetty does not read an HTTP/1.1
 * connection while a request is being handled, so a closed socket goes unseen until the answer is
 * written; this looks twice a second with a non-blocking read, as Go's server (and so Loki) does in
 * the background. HTTP/2 needs none of it: a reset stream reaches the request's failure listeners.
 * Bytes read here would be a pipelined next request; the answer then closes the connection, which
 * tells a pipelining client to send it again.
 */
final class ClientWatch {
    private final EndPoint endPoint;
    private final Runnable onGone;
    private final Object lock = new Object();
    private ScheduledFuture<?> task;
    private boolean stopped;
    private boolean readAhead;

    private ClientWatch(EndPoint endPoint, Runnable onGone) {
        this.endPoint = endPoint;
        this.onGone = onGone;
    }

    static ClientWatch start(Request request, Runnable onGone, ScheduledExecutorService scheduler) {
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        ClientWatch watch =
                new ClientWatch(request.getConnectionMetaData().getConnection().getEndPoint(), onGone);
        if (version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0) {
            watch.task = scheduler.scheduleWithFixedDelay(watch::look, 500, 500, TimeUnit.MILLISECONDS);
        }
        return watch;
    }

    private void look() {
        synchronized (lock) {
            if (stopped || readAhead || endPoint.isFillInterested()) {
                return; // Jetty is reading this connection itself: leave it alone
            }
            try {
                ByteBuffer buffer = ByteBuffer.allocate(1);
                buffer.flip(); // fill appends after the limit
                int n = endPoint.fill(buffer);
                if (n < 0) {
                    gone();
                } else if (n > 0) {
                    readAhead = true;
                }
            } catch (IOException e) {
                gone();
            }
        }
    }

    private void gone() {
        stopped = true;
        task.cancel(false);
        onGone.run();
    }

    /** Stops watching, before the answer is written; true when the connection must close after it. */
    boolean stop() {
        synchronized (lock) {
            stopped = true;
            if (task != null) {
                task.cancel(false);
            }
            return readAhead;
        }
    }
}
