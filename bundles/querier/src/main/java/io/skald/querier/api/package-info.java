// SPDX-License-Identifier: Apache-2.0
/**
 * The querier's API for the modules in front of it (the query-frontend): Loki's query requests as
 * parameters in, Loki's answers (status, content type, body) out, as the HTTP API would give them.
 */
@Export
@Version("2.1.0")
package io.skald.querier.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
