// SPDX-License-Identifier: Apache-2.0
package io.skald.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Module {@code store}: the {@code storage_config:} section of the YAML config. PID {@value #PID}. */
@ObjectClassDefinition(
        id = StoreConfig.PID,
        name = "Skald store",
        description = "Chunks and their index on an object store.")
public @interface StoreConfig {
    String PID = "skald.store";

    @AttributeDefinition(
            name = "Path prefix",
            description =
                    "The data folder (common.path_prefix); the filesystem object store lives under it by default.")
    String pathPrefix() default "./data";

    @AttributeDefinition(
            name = "Filesystem directory",
            description =
                    "storage_config.filesystem.directory: root of the filesystem object store; empty means <path_prefix>/chunks.")
    String filesystem_directory() default "";
}
