// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code GET /loki/api/v1/status/buildinfo}: Loki's build information document, with the server
 * bundle's version, and the Java version where Loki names its Go version.
 */
@Component(service = Request.Handler.class)
@HttpRoute("/loki/api/v1/status/buildinfo")
public final class BuildInfoRoute implements Request.Handler {
    private final String body;

    @Activate
    public BuildInfoRoute(BundleContext context) throws Exception {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("version", context.getBundle().getVersion().toString());
        info.put("revision", "");
        info.put("branch", "");
        info.put("buildUser", "");
        info.put("buildDate", "");
        info.put("goVersion", "java" + System.getProperty("java.version"));
        this.body = new ObjectMapper().writeValueAsString(info);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        return Responses.json(response, callback, 200, body);
    }
}
