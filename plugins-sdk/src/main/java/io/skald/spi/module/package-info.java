// SPDX-License-Identifier: Apache-2.0
/**
 * Skald's modules: their dskit-style states and the {@link io.skald.spi.module.Module} service
 * through which each one is seen, depended on and switched.
 *
 * <p>A module is a DS component whose dependencies are {@code @Reference}s to other modules'
 * {@code Module} services filtered on {@code skald.module.state=Running} (see {@link
 * io.skald.spi.module.Modules}). SCR then gives the dskit promise for free: a module activates only
 * after its dependencies are Running, and is deactivated before they stop.
 */
@Export
@Version("2.0.0")
package io.skald.spi.module;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
