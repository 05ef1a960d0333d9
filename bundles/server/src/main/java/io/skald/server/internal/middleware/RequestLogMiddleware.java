// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.middleware;

import io.skald.spi.http.Middleware;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each request once it completes, as Loki's logging middleware does: {@code METHOD path (status) duration},
 * at debug for successes and warn for 5xx. Ranking 9000: outside recovery, so it logs the 500 recovery wrote.
 */
@Component(service = Middleware.class)
@ServiceRanking(Middleware.REQUEST_LOG)
public final class RequestLogMiddleware implements Middleware {
    private static final Logger log = LoggerFactory.getLogger("io.skald.server.requests");

    @Override
    public Handler wrap(Handler next) {
        return new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                long start = System.nanoTime();
                Callback logged = new Callback.Nested(callback) {
                    @Override
                    public void succeeded() {
                        log(request, response, start, null);
                        super.succeeded();
                    }

                    @Override
                    public void failed(Throwable x) {
                        log(request, response, start, x);
                        super.failed(x);
                    }
                };
                return super.handle(request, response, logged);
            }
        };
    }

    private static void log(Request request, Response response, long startNanos, Throwable failure) {
        int status = response.getStatus();
        if (failure == null && status < 500 && !log.isDebugEnabled()) {
            return;
        }
        String line = String.format(
                "%s %s (%d) %.3fms",
                request.getMethod(),
                request.getHttpURI().getPathQuery(),
                status,
                (System.nanoTime() - startNanos) / 1e6);
        if (failure != null || status >= 500) {
            log.warn("{}{}", line, failure == null ? "" : " " + failure);
        } else {
            log.debug(line);
        }
    }
}
