// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import io.skald.ingester.api.Ingester;
import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Loki's {@code GET|POST /flush}: cut and store every in-memory chunk; 204 when done. */
@Component(service = Request.Handler.class)
@HttpRoute("/flush")
public final class FlushRoute implements Request.Handler {
    private final Ingester ingester;

    @Activate
    public FlushRoute(@Reference Ingester ingester) {
        this.ingester = ingester;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        ingester.flush();
        return Responses.empty(response, callback, 204);
    }
}
