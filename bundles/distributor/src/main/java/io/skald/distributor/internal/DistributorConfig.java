// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Module {@code distributor}: the {@code distributor:} section of the YAML config. PID {@value #PID}. */
@ObjectClassDefinition(id = DistributorConfig.PID, name = "Skald distributor",
        description = "Module distributor: validates pushes and routes streams to ingesters (bodies arrive with the write path).")
public @interface DistributorConfig {
    String PID = "skald.distributor";
}
