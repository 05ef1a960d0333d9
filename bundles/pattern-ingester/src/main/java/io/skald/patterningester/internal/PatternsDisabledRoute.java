// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import io.skald.spi.http.TenantRequired;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Component;

/**
 * The patterns route while the pattern ingester does not run ({@code pattern_ingester.enabled}
 * false, the default): Loki's querier then answers 404 with an empty body, so Grafana knows the
 * feature is off rather than broken. {@link PatternsRoute} outranks it while the module runs.
 */
@Component(service = Request.Handler.class)
@HttpRoute(PatternsRoute.PATH)
@TenantRequired
public final class PatternsDisabledRoute implements Request.Handler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        return Responses.text(response, callback, 404, "");
    }
}
