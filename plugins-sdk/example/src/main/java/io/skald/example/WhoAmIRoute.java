// SPDX-License-Identifier: Apache-2.0
package io.skald.example;

import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Tenant;
import io.skald.spi.http.TenantRequired;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Component;

/** {@code GET /example/whoami}: a tenant-scoped route that answers with the tenant it was given. */
@Component(service = Request.Handler.class)
@HttpRoute("/example/whoami")
@TenantRequired
public final class WhoAmIRoute implements Request.Handler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        return Responses.text(response, callback, 200, Tenant.of(request) + "\n");
    }
}
