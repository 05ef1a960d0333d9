// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import io.skald.core.concurrent.Threads;
import io.skald.core.json.LokiJson;
import io.skald.querier.api.QueryHandler;
import io.skald.querier.api.QueryParams;
import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Route;
import io.skald.spi.http.Tenant;
import io.skald.spi.http.TenantRequired;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * The frontend's query routes: ranked above the querier's, so while both run, queries pass through
 * the frontend first (range queries split and cached, both kinds under the timeout); without the
 * frontend module they go to the querier directly.
 */
@Component(service = Request.Handler.class)
@HttpRoute({"/loki/api/v1/query_range", "/loki/api/v1/query"})
@TenantRequired
@ServiceRanking(100)
public final class FrontendRoutes implements Request.Handler {
    private final Frontend frontend;
    private final QueryHandler querier;

    private final ScheduledExecutorService watcher =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("skald-query-frontend-client-watch"));

    @Activate
    public FrontendRoutes(@Reference Frontend frontend, @Reference QueryHandler querier) {
        this.frontend = frontend;
        this.querier = querier;
    }

    @Deactivate
    void deactivate() {
        watcher.shutdownNow();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        QueryParams params = QueryParams.of(request);
        CompletableFuture<Void> clientGone = new CompletableFuture<>();
        request.addFailureListener(failure -> clientGone.complete(null));
        // Jetty's idle timeout (nothing written while a query runs) is not a client gone: query_timeout decides.
        request.addIdleTimeoutListener(timeout -> true);
        boolean categorize = QueryHandler.encodingFlags(request.getHeaders().get(QueryHandler.ENCODING_FLAGS_HEADER))
                .contains(LokiJson.CATEGORIZE_LABELS);
        ClientWatch watch = ClientWatch.start(request, () -> clientGone.complete(null), watcher);
        QueryHandler.Answer answer;
        try {
            answer = Route.of(request).name().equals(QueryHandler.QUERY)
                    ? frontend.instant(Tenant.of(request), params, querier, clientGone)
                    : frontend.queryRange(Tenant.of(request), params, querier, clientGone);
        } finally {
            if (watch.stop()) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
        }
        if (answer instanceof QueryHandler.Answer.Success s) {
            return Responses.json(response, callback, 200, LokiJson.queryResponse(s.result(), s.stats(), categorize));
        }
        QueryHandler.Answer.Refused refused = (QueryHandler.Answer.Refused) answer;
        return Responses.text(response, callback, refused.status(), refused.message() + "\n");
    }
}
