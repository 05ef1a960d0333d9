// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Module {@code querier}: the {@code querier:} section of the YAML config. PID {@value #PID}. */
@ObjectClassDefinition(id = QuerierConfig.PID, name = "Skald querier",
        description = "Module querier: runs LogQL over ingesters and the store (bodies arrive with the read path).")
public @interface QuerierConfig {
    String PID = "skald.querier";
}
