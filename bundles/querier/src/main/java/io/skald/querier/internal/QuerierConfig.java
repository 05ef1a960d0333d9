// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Module {@code querier}: the {@code querier:} section of the YAML config. PID {@value #PID}. */
@ObjectClassDefinition(id = QuerierConfig.PID, name = "Skald querier", description = "Loki's query API.")
public @interface QuerierConfig {
    String PID = "skald.querier";

    @AttributeDefinition(
            description = "querier.multi_tenant_queries_enabled: a read for X-Scope-OrgID a|b answers from "
                    + "both tenants, each series labelled __tenant_id__; off, such a read is refused.")
    boolean multiTenantQueriesEnabled() default false;
}
