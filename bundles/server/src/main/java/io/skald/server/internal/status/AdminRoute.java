// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skald.server.internal.ServerConfig;
import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Route;
import io.skald.spi.module.Modules;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /admin/modules/{name}/disable} and {@code …/enable}: switches a module while the
 * server runs and answers how long the switch took and the module states after it.
 */
@Component(
        service = Request.Handler.class,
        configurationPid = ServerConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpRoute("/admin/modules/{name}/{action}")
public final class AdminRoute implements Request.Handler {
    static final long ENABLE_TIMEOUT_MILLIS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModuleRegistry registry;
    private volatile String adminToken;

    @Activate
    public AdminRoute(@Reference ModuleRegistry registry, ServerConfig config) {
        this.registry = registry;
        this.adminToken = config.adminToken();
    }

    @Modified
    void modified(ServerConfig config) {
        this.adminToken = config.adminToken();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String denied = AdminGuard.check(
                request.getConnectionMetaData().getRemoteSocketAddress(),
                request.getHeaders().get(HttpHeader.AUTHORIZATION),
                adminToken);
        if (denied != null) {
            return Responses.text(response, callback, 403, denied + "\n");
        }
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return Responses.text(
                    response, callback, 405, "method " + request.getMethod() + " not allowed; use POST\n");
        }
        Route route = Route.of(request);
        String name = route.pathParam("name");
        String action = route.pathParam("action");
        if (registry.module(name) == null) {
            return Responses.text(response, callback, 404, "unknown module \"" + name + "\"\n");
        }
        ModuleRegistry.Switch result;
        switch (action) {
            case "disable" -> {
                if (Modules.SERVER.equals(name)) {
                    return Responses.text(
                            response,
                            callback,
                            400,
                            "module server serves this endpoint and cannot be "
                                    + "disabled over HTTP; use the shell (skald:disable server)\n");
                }
                result = registry.disable(name);
            }
            case "enable" -> result = registry.enable(name, ENABLE_TIMEOUT_MILLIS);
            default -> {
                return Responses.text(
                        response, callback, 404, "unknown action \"" + action + "\"; use enable or disable\n");
            }
        }
        return Responses.json(response, callback, 200, JSON.writeValueAsString(result));
    }
}
