// SPDX-License-Identifier: Apache-2.0
/**
 * What a query answers, typed: Loki's four result types, its statistics, and the shapes of the
 * index endpoints. The querier returns these, the query-frontend merges them, and only the HTTP
 * edge turns them into Loki's JSON ({@link io.skald.core.json.LokiJson}).
 */
@Export
@Version("1.0.0")
package io.skald.core.query;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
