// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import java.util.List;

/** Loki's ingester metrics under Skald's prefix; registered for the module's activation, then removed. */
final class IngesterMetrics {
    final Gauge memoryStreams = Gauge.build(
                    "skald_ingester_memory_streams", "The total number of streams in memory per tenant.")
            .labelNames("tenant")
            .create();
    final Counter streamsCreated = Counter.build(
                    "skald_ingester_streams_created_total", "The total number of streams created per tenant.")
            .labelNames("tenant")
            .create();
    final Counter chunksFlushed = Counter.build(
                    "skald_ingester_chunks_flushed_total", "Total flushed chunks per reason.")
            .labelNames("reason")
            .create();
    final Histogram chunkSize = Histogram.build(
                    "skald_ingester_chunk_size_bytes", "Distribution of stored chunk sizes (when stored).")
            .exponentialBuckets(20_000, 2, 10)
            .create();
    final Histogram chunkEntries = Histogram.build(
                    "skald_ingester_chunk_entries", "Distribution of stored lines per chunk (when stored).")
            .exponentialBuckets(200, 2, 12)
            .create();
    final Histogram chunkCompression = Histogram.build(
                    "skald_ingester_chunk_compression_ratio", "Compression ratio of chunks (when stored).")
            .linearBuckets(0.75, 2, 10)
            .create();
    final Counter walRecords = Counter.build(
                    "skald_ingester_wal_records_logged_total", "Total number of WAL records logged.")
            .create();
    final Counter walBytes = Counter.build("skald_ingester_wal_logged_bytes_total", "Total bytes written to the WAL.")
            .create();
    final Gauge walBytesInUse = Gauge.build(
                    "skald_ingester_wal_bytes_in_use", "Total number of bytes in use by the WAL recorder.")
            .create();
    final Gauge walReplayDuration = Gauge.build(
                    "skald_ingester_wal_replay_duration_seconds", "Time taken to replay the WAL.")
            .create();
    final Counter walCorruptions = Counter.build(
                    "skald_ingester_wal_corruptions_total", "Total number of WAL corruptions encountered.")
            .create();
    final Counter duplicates = Counter.build(
                    "skald_ingester_duplicate_entries_total", "Entries identical to one already stored, kept once.")
            .labelNames("tenant")
            .create();

    private final CollectorRegistry registry;
    private final List<Collector> all = List.of(
            memoryStreams,
            streamsCreated,
            chunksFlushed,
            chunkSize,
            chunkEntries,
            chunkCompression,
            walRecords,
            walBytes,
            walBytesInUse,
            walReplayDuration,
            walCorruptions,
            duplicates);

    IngesterMetrics(CollectorRegistry registry) {
        this.registry = registry;
        all.forEach(registry::register);
    }

    void unregister() {
        all.forEach(registry::unregister);
    }
}
