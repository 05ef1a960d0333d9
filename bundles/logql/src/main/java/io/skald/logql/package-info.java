// SPDX-License-Identifier: Apache-2.0
/**
 * LogQL: parsing (with Loki's {@code parse error at line L, col C: …} messages), printing and
 * evaluation of what has been implemented so far: stream selectors and line filters.
 */
@Export
@Version("1.0.0")
package io.skald.logql;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
