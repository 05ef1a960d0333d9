// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.middleware;

import io.skald.spi.http.Middleware;
import io.skald.spi.http.Responses;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an exception anywhere below it, thrown or reported through the callback, into a JSON 500
 * and a logged stack trace; the server keeps serving. Ranking 8000: inside instrumentation and the
 * request log, so the 500 it writes is counted and logged like any answer; outside gzip, tenant and
 * every plugin middleware (rankings below 8000), so their faults are caught too.
 */
@Component(service = Middleware.class)
@ServiceRanking(Middleware.RECOVERY)
public final class RecoveryMiddleware implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(RecoveryMiddleware.class);

    @Override
    public Handler wrap(Handler next) {
        return new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Callback guarded = new Callback.Nested(callback) {
                    @Override
                    public void failed(Throwable x) {
                        if (!recover(request, response, callback, x)) {
                            super.failed(x);
                        }
                    }
                };
                try {
                    return super.handle(request, response, guarded);
                } catch (Throwable x) {
                    if (!recover(request, response, callback, x)) {
                        callback.failed(x);
                    }
                    return true;
                }
            }
        };
    }

    private static boolean recover(Request request, Response response, Callback callback, Throwable x) {
        if (x instanceof HttpException http
                && http.getCode() >= 400
                && http.getCode() < 500
                && !response.isCommitted()) {
            // Jetty refusing what the client sent (a bad query string or form): the client's error, not ours
            log.debug(
                    "bad request {} {}: {}",
                    request.getMethod(),
                    request.getHttpURI().getPath(),
                    http.getReason());
            response.reset();
            Responses.text(response, callback, http.getCode(), http.getReason() + "\n");
            return true;
        }
        log.error(
                "recovered from a failure serving {} {}",
                request.getMethod(),
                request.getHttpURI().getPath(),
                x);
        if (response.isCommitted()) {
            return false;
        }
        response.reset();
        Responses.json(
                response,
                callback,
                500,
                "{\"status\":\"error\",\"code\":500,\"message\":" + quote("internal server error: " + x) + "}");
        return true;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
