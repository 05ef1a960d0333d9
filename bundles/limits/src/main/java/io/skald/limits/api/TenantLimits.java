// SPDX-License-Identifier: Apache-2.0
package io.skald.limits.api;

import io.skald.spi.http.Tenant;
import java.util.ArrayList;
import java.util.List;

/**
 * The service every module asks for a tenant's limits: {@code limits_config}, overridden by the
 * tenant's entry in the runtime overrides file. Answers are cheap (a map lookup), so callers ask
 * per request; edits of either file apply from the next request on, without restarting anyone.
 */
public interface TenantLimits {

    /** The limits of one tenant. */
    Limits forTenant(String tenant);

    /** {@code limits_config} alone: the limits of a tenant without overrides. */
    Limits defaults();

    /** Increases whenever any tenant's limits may have changed, so that a caller can cache what it derives. */
    long version();

    /**
     * The limits of a read for a resolved tenant, which may name several ({@code a|b}): their query
     * limits combined as Loki does ({@link Limits#forRead}).
     */
    default Limits forRead(String tenant) {
        if (!Tenant.isMultiple(tenant)) {
            return forTenant(tenant);
        }
        List<Limits> each = new ArrayList<>();
        for (String id : Tenant.ids(tenant)) {
            each.add(forTenant(id));
        }
        return Limits.forRead(each);
    }
}
