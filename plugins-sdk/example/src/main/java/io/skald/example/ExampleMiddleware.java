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
 * Stamps every response, HTTP and gRPC alike, with {@code X-Skald-Plugin: example}. Ranked below the
 * built-in tenant link, so it sees only requests that passed tenant resolution.
 */
@Component(service = Middleware.class)
@ServiceRanking(Middleware.TENANT / 2)
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
