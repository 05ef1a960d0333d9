// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Module {@code query-frontend}: the {@code frontend:} and {@code query_range:} sections, with Loki's
 * defaults. Its query limits come from the limits service, per tenant. PID {@value #PID}.
 */
@ObjectClassDefinition(
        id = QueryFrontendConfig.PID,
        name = "Skald query-frontend",
        description =
                "Splits range queries by time, runs the parts in parallel, caches results and enforces query limits.")
public @interface QueryFrontendConfig {
    String PID = "skald.query-frontend";

    @AttributeDefinition(description = "query_range.cache_results: cache the results of split parts.")
    boolean queryRange_cacheResults() default true;

    @AttributeDefinition(
            description =
                    "query_range.parallelise_shardable_queries: cut shardable queries into shards of their streams.")
    boolean queryRange_paralleliseShardableQueries() default true;

    @AttributeDefinition(
            description =
                    "query_range.results_cache.cache.embedded_cache.max_size_mb: the embedded results cache's size.")
    int queryRange_resultsCache_cache_embeddedCache_maxSizeMb() default 100;
}
