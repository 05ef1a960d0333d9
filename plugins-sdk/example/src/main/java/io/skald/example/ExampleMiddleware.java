// SPDX-License-Identifier: Apache-2.0
package io.skald.example;

import io.skald.spi.http.Middleware;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Stamps every response, HTTP and gRPC alike, with {@code X-Skald-Plugin: example}. Ranking 500:
 * inside the built-ins, so it sees only requests that passed tenant resolution.
 */
@Component(service = Middleware.class)
@ServiceRanking(500)
public final class ExampleMiddleware implements Middleware {
    public static final String HEADER = "X-Skald-Plugin";

    @Override
    public Handler wrap(Handler next) {
        return new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                response.getHeaders().put(HEADER, "example");
                return super.handle(request, response, callback);
            }
        };
    }
}
