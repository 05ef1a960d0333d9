// SPDX-License-Identifier: Apache-2.0
package io.skald.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Module {@code store}: the {@code storage_config:} section of the YAML config. PID {@value #PID}. */
@ObjectClassDefinition(id = StoreConfig.PID, name = "Skald store",
        description = "Module store: chunks and index in the object store (bodies arrive with the write path).")
public @interface StoreConfig {
    String PID = "skald.store";

    @AttributeDefinition(name = "Path prefix",
            description = "The data folder (common.path_prefix); this module keeps its files under it.")
    String pathPrefix() default "./data";
}
