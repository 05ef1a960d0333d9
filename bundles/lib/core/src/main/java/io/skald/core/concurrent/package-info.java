// SPDX-License-Identifier: Apache-2.0
/** Small concurrency helpers shared by modules. */
@Export
@Version("1.0.0")
package io.skald.core.concurrent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
