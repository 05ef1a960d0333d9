// SPDX-License-Identifier: Apache-2.0
/** Small helpers every module needs to read Loki-style configuration. */
@Export
@Version("1.0.0")
package io.skald.spi.util;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
