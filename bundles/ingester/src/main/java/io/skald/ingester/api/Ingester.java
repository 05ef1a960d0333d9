// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.api;

import io.skald.core.model.Labels;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The ingester module, published while it is Running. {@link #push} returns once every accepted
 * entry is in the write-ahead log (as the configured sync policy defines it), so an acknowledged
 * push survives a crash.
 */
@ProviderType
public interface Ingester {
    /**
     * Appends the streams of one push for {@code tenant}. Entries the ingester refuses (too far behind
     * the stream's newest entry, a new stream over the tenant's limit) are reported, the rest kept.
     *
     * @throws IngesterUnavailableException when the ingester is stopping: nothing of this push was kept
     */
    PushResult push(String tenant, List<StreamPush> streams) throws IngesterUnavailableException;

    /**
     * The tenant's entries still in memory (not yet flushed, or flushed but still held), of streams
     * {@code streams} accepts, with timestamps in [from, through]. For the querier.
     *
     * @since 1.1
     */
    List<StreamEntries> select(String tenant, Predicate<Labels> streams, long fromNanos, long throughNanos)
            throws IngesterUnavailableException;

    /** The label sets of the tenant's in-memory streams that {@code streams} accepts. @since 1.1 */
    List<Labels> series(String tenant, Predicate<Labels> streams) throws IngesterUnavailableException;

    /**
     * Live entries: after each acknowledged push, the entries it added to streams of {@code tenant}
     * that {@code streams} accepts are handed to {@code sink}, on the pushing thread (so the sink must
     * not block). Closing the returned handle stops it. For Loki's tail.
     *
     * @since 1.2
     */
    AutoCloseable tail(String tenant, Predicate<Labels> streams, Consumer<StreamEntries> sink)
            throws IngesterUnavailableException;

    /**
     * Every tenant's acknowledged pushes: after each push, the entries it added are handed to
     * {@code sink} as (tenant, one {@link StreamEntries} per stream), once per push, on the pushing
     * thread, so the sink must hand them on without blocking. A sink that throws is logged and
     * skipped; the push stays acknowledged. Closing the returned handle stops it. For the pattern
     * ingester.
     *
     * @since 1.3
     */
    AutoCloseable observe(BiConsumer<String, List<StreamEntries>> sink) throws IngesterUnavailableException;

    /** Cuts every open chunk and writes all of them to the store (Loki's {@code /flush}). */
    void flush() throws IngesterUnavailableException;
}
