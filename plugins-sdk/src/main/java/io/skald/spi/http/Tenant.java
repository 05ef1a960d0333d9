// SPDX-License-Identifier: Apache-2.0
package io.skald.spi.http;

import org.eclipse.jetty.server.Request;

/** The tenant of a request, as resolved by the tenant middleware for {@link TenantRequired} routes. */
public final class Tenant {
    /** The request attribute holding the tenant id (a {@code String}). */
    public static final String ATTRIBUTE = "skald.tenant";
    /** The header Loki reads the tenant from. */
    public static final String HEADER = "X-Scope-OrgID";
    /** The tenant of every request while auth is disabled, as in Loki. */
    public static final String DEFAULT = "fake";

    /** The resolved tenant, or {@code null} if the request did not pass the tenant middleware. */
    public static String of(Request request) {
        Object tenant = request.getAttribute(ATTRIBUTE);
        return tenant instanceof String s ? s : null;
    }

    private Tenant() {
    }
}
