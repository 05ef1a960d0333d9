// SPDX-License-Identifier: Apache-2.0
/** Loki's HTTP API JSON: every response shape the query API writes, and a reader for the query results. */
@Export
@Version("1.0.0")
package io.skald.core.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
