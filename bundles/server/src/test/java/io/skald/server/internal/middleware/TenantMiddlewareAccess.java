// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.middleware;

/** Lets tests in other packages build the tenant middleware without a configuration. */
public final class TenantMiddlewareAccess {
    public static TenantMiddleware create(boolean authEnabled) {
        return new TenantMiddleware(authEnabled);
    }

    private TenantMiddlewareAccess() {}
}
