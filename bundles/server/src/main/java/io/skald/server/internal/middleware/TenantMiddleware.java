// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.middleware;

import io.skald.server.internal.ServerConfig;
import io.skald.spi.http.Middleware;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Route;
import io.skald.spi.http.Tenant;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Resolves the tenant of tenant-scoped routes as Loki does. With auth disabled every request is
 * tenant {@code fake}, whatever it sends. With auth enabled {@code X-Scope-OrgID} is required
 * (401 {@code no org id}) and must hold valid tenant ids by dskit's rules (400 with dskit's text
 * otherwise); {@code b|a} names several tenants, resolved to {@code a|b}, which only multi-tenant
 * reads accept. Innermost of the built-ins (ranking 1000), so a 401 is still
 * logged, counted and gzipped like any other answer.
 */
@Component(
        service = Middleware.class,
        configurationPid = ServerConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@ServiceRanking(Middleware.TENANT)
public final class TenantMiddleware implements Middleware {
    private volatile boolean authEnabled;

    @Activate
    public TenantMiddleware(ServerConfig config) {
        this.authEnabled = config.authEnabled();
    }

    /** Switching auth on or off takes effect for the next request, without the link ever leaving the chain. */
    @Modified
    void modified(ServerConfig config) {
        this.authEnabled = config.authEnabled();
    }

    TenantMiddleware(boolean authEnabled) {
        this.authEnabled = authEnabled;
    }

    @Override
    public Handler wrap(Handler next) {
        return new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!Route.of(request).tenantRequired()) {
                    return super.handle(request, response, callback);
                }
                if (!authEnabled) {
                    request.setAttribute(Tenant.ATTRIBUTE, Tenant.DEFAULT);
                    return super.handle(request, response, callback);
                }
                String orgId = request.getHeaders().get(Tenant.HEADER);
                if (orgId == null || orgId.isEmpty()) {
                    return Responses.text(response, callback, 401, "no org id\n");
                }
                String tenant;
                try {
                    tenant = Tenant.resolve(orgId);
                } catch (IllegalArgumentException invalid) {
                    return Responses.text(response, callback, 400, invalid.getMessage() + "\n");
                }
                request.setAttribute(Tenant.ATTRIBUTE, tenant);
                return super.handle(request, response, callback);
            }
        };
    }
}
