// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Module {@code query-frontend}: the {@code frontend:} and {@code query_range:} sections and the
 * query limits of {@code limits_config}, with Loki's defaults. PID {@value #PID}.
 */
@ObjectClassDefinition(id = QueryFrontendConfig.PID, name = "Skald query-frontend",
        description = "Splits range queries by time, runs the parts in parallel, caches results and enforces query limits.")
public @interface QueryFrontendConfig {
    String PID = "skald.query-frontend";

    @AttributeDefinition(description = "limits_config.split_queries_by_interval: range queries are split at multiples of this (0 disables).")
    String limits_splitQueriesByInterval() default "1h";

    @AttributeDefinition(description = "limits_config.max_query_length: the longest time range a query may cover (0 disables).")
    String limits_maxQueryLength() default "721h";

    @AttributeDefinition(description = "limits_config.query_timeout: a query still running after this is cancelled (504).")
    String limits_queryTimeout() default "1m";

    @AttributeDefinition(description = "limits_config.max_query_parallelism: parts of one query run at once.")
    int limits_maxQueryParallelism() default 32;

    @AttributeDefinition(description = "limits_config.max_cache_freshness_per_query: parts newer than this are not cached.")
    String limits_maxCacheFreshnessPerQuery() default "10m";

    @AttributeDefinition(description = "limits_config.max_entries_limit_per_query: the largest limit a log query may ask for.")
    int limits_maxEntriesLimitPerQuery() default 5000;

    @AttributeDefinition(description = "runtime_config.file: Loki's runtime overrides file; its per-tenant query limits apply here.")
    String runtimeConfig_file() default "";

    @AttributeDefinition(description = "runtime_config.period: how often the overrides file is read again.")
    String runtimeConfig_period() default "10s";

    @AttributeDefinition(description = "query_range.cache_results: cache the results of split parts.")
    boolean queryRange_cacheResults() default true;

    @AttributeDefinition(description = "query_range.results_cache.cache.embedded_cache.max_size_mb: the embedded results cache's size.")
    int queryRange_resultsCache_cache_embeddedCache_maxSizeMb() default 100;
}
