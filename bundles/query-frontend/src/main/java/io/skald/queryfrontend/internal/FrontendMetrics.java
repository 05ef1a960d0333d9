// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.util.List;

/** The query-frontend's metrics; registered while the module runs. */
final class FrontendMetrics {
    final Counter splits = Counter.build(
                    "skald_query_frontend_split_queries_total", "Parts that range queries were split into.")
            .create();
    final Counter cacheHits = Counter.build(
                    "skald_query_frontend_results_cache_hits_total", "Parts answered from the results cache.")
            .create();
    final Counter cacheMisses = Counter.build(
                    "skald_query_frontend_results_cache_misses_total",
                    "Cacheable parts not found in the results cache.")
            .create();
    final Counter cancelled = Counter.build(
                    "skald_query_frontend_queries_cancelled_total", "Queries cancelled, by reason (timeout, client).")
            .labelNames("reason")
            .create();

    private final CollectorRegistry registry;
    private final List<Collector> all = List.of(splits, cacheHits, cacheMisses, cancelled);

    FrontendMetrics(CollectorRegistry registry) {
        this.registry = registry;
        all.forEach(registry::register);
    }

    void unregister() {
        all.forEach(registry::unregister);
    }
}
