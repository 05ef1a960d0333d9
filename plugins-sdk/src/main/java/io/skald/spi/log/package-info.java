// SPDX-License-Identifier: Apache-2.0
/** The log data model every module shares: label sets (stream identities) and their parsing. */
@Export
@Version("1.0.0")
package io.skald.spi.log;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
