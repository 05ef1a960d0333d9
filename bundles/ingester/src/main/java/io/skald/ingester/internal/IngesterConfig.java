// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Module {@code ingester}: the {@code ingester:} section of the YAML config, Loki's names and
 * defaults ({@code wal.dir} becomes {@code wal_dir()} through DS name mangling). PID {@value #PID}.
 */
@ObjectClassDefinition(
        id = IngesterConfig.PID,
        name = "Skald ingester",
        description = "Per-tenant streams, chunks, the WAL and flushes to the store.")
public @interface IngesterConfig {
    String PID = "skald.ingester";

    @AttributeDefinition(description = "The data folder (common.path_prefix); the WAL lives under it by default.")
    String pathPrefix() default "./data";

    @AttributeDefinition(description = "Chunk compression: snappy, lz4, zstd, gzip or none (ingester.chunk_encoding).")
    String chunkEncoding() default "snappy";

    @AttributeDefinition(description = "Uncompressed size at which the head block is cut (ingester.chunk_block_size).")
    int chunkBlockSize() default 262_144;

    @AttributeDefinition(description = "Compressed size at which a chunk is cut (ingester.chunk_target_size).")
    int chunkTargetSize() default 1_572_864;

    @AttributeDefinition(
            description =
                    "A chunk older than this is cut and flushed (ingester.max_chunk_age); half of it is the out-of-order window.")
    String maxChunkAge() default "2h";

    @AttributeDefinition(
            description = "A chunk without new entries for this long is flushed (ingester.chunk_idle_period).")
    String chunkIdlePeriod() default "30m";

    @AttributeDefinition(description = "How often chunks are checked for flushing (ingester.flush_check_period).")
    String flushCheckPeriod() default "30s";

    @AttributeDefinition(description = "Flush every chunk when the ingester stops (ingester.flush_on_shutdown).")
    boolean flushOnShutdown() default true;

    @AttributeDefinition(description = "Write pushes to the WAL before acknowledging them (ingester.wal.enabled).")
    boolean wal_enabled() default true;

    @AttributeDefinition(description = "WAL folder (ingester.wal.dir); empty means <path_prefix>/wal.")
    String wal_dir() default "";

    @AttributeDefinition(
            description =
                    "When a WAL write is durable: 'always' fsyncs before the push is acknowledged; 'never' leaves it to the OS (survives a process crash, not a power loss).")
    String wal_syncPolicy() default "always";

    @AttributeDefinition(description = "WAL segment size in bytes.")
    long wal_segmentSize() default 134_217_728L;

    @AttributeDefinition(
            description =
                    "Most heap the in-memory chunks may hold (e.g. 512MB); over it the largest are flushed early. "
                            + "0 means a third of the JVM's maximum heap.")
    String memoryBudget() default "0";
}
