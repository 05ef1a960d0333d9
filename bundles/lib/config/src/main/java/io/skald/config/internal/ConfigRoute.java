// SPDX-License-Identifier: Apache-2.0
package io.skald.config.internal;

import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /config}: the effective configuration as YAML, as Loki prints it (secrets masked). */
@Component(service = Request.Handler.class)
@HttpRoute("/config")
public final class ConfigRoute implements Request.Handler {
    private final ConfigApplier applier;

    @Activate
    public ConfigRoute(@Reference ConfigApplier applier) {
        this.applier = applier;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        return Responses.write(
                response,
                callback,
                200,
                "text/plain; charset=utf-8",
                applier.current().toYaml());
    }
}
