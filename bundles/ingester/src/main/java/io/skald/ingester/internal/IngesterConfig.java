// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Module {@code ingester}: the {@code ingester:} section of the YAML config. PID {@value #PID}. */
@ObjectClassDefinition(id = IngesterConfig.PID, name = "Skald ingester",
        description = "Module ingester: per-tenant streams, head blocks and the WAL (bodies arrive with the write path).")
public @interface IngesterConfig {
    String PID = "skald.ingester";

    @AttributeDefinition(name = "Path prefix",
            description = "The data folder (common.path_prefix); this module keeps its files under it.")
    String pathPrefix() default "./data";
}
