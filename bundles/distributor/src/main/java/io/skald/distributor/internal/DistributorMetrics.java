// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.util.List;

/** Loki's distributor and validation metrics under Skald's prefix. */
final class DistributorMetrics {
    final Counter bytesReceived = Counter.build(
                    "skald_distributor_bytes_received_total",
                    "The total number of uncompressed bytes received per tenant.")
            .labelNames("tenant")
            .create();
    final Counter linesReceived = Counter.build(
                    "skald_distributor_lines_received_total", "The total number of lines received per tenant.")
            .labelNames("tenant")
            .create();
    final Counter discardedSamples = Counter.build(
                    "skald_discarded_samples_total", "The total number of samples that were discarded.")
            .labelNames("reason", "tenant")
            .create();
    final Counter discardedBytes = Counter.build(
                    "skald_discarded_bytes_total", "The total number of bytes that were discarded.")
            .labelNames("reason", "tenant")
            .create();

    private final CollectorRegistry registry;
    private final List<Collector> all = List.of(bytesReceived, linesReceived, discardedSamples, discardedBytes);

    DistributorMetrics(CollectorRegistry registry) {
        this.registry = registry;
        all.forEach(registry::register);
    }

    void discard(String reason, String tenant, int lines, long bytes) {
        discardedSamples.labels(reason, tenant).inc(lines);
        discardedBytes.labels(reason, tenant).inc(bytes);
    }

    void unregister() {
        all.forEach(registry::unregister);
    }
}
