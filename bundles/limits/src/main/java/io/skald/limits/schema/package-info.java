// SPDX-License-Identifier: Apache-2.0
/**
 * The keys of Loki's {@code limits_config}, for the config check that runs before anything boots
 * (the launcher's): which keys Loki knows and which values it takes.
 */
@Export
@Version("1.0.0")
package io.skald.limits.schema;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
