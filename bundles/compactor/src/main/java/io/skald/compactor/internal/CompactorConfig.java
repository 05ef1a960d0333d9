// SPDX-License-Identifier: Apache-2.0
package io.skald.compactor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Module {@code compactor}: the {@code compactor:} section of the YAML config. PID {@value #PID}. */
@ObjectClassDefinition(
        id = CompactorConfig.PID,
        name = "Skald compactor",
        description = "Module compactor: compacts the index and applies retention (bodies arrive later).")
public @interface CompactorConfig {
    String PID = "skald.compactor";

    @AttributeDefinition(
            name = "Path prefix",
            description = "The data folder (common.path_prefix); this module keeps its files under it.")
    String pathPrefix() default "./data";
}
