// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Module {@code query-frontend}: the {@code frontend:} section of the YAML config. PID {@value #PID}. */
@ObjectClassDefinition(id = QueryFrontendConfig.PID, name = "Skald query-frontend",
        description = "Module query-frontend: splits, caches and limits queries (bodies arrive with the read path).")
public @interface QueryFrontendConfig {
    String PID = "skald.query-frontend";
}
