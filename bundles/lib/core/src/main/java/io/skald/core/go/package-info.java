// SPDX-License-Identifier: Apache-2.0
/** Go-compatible parsing and printing where Loki's configuration and API use Go's formats: durations, byte sizes. */
@Export
@Version("1.0.0")
package io.skald.core.go;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
