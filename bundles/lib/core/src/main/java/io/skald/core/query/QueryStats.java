// SPDX-License-Identifier: Apache-2.0
package io.skald.core.query;

/**
 * What a query touched, the part of Loki's {@code stats} object Skald measures. Parts of a split
 * query add up with {@link #plus}; the frontend then sets the time, split and shard counts of the
 * whole.
 *
 * @param execTimeSeconds wall time of the query (or of the part)
 * @param bytesProcessed bytes of log lines read (decompressed)
 * @param linesProcessed lines read
 * @param entriesReturned entries in the answer
 * @param postFilterLines lines left after the pipeline's filters
 * @param chunksRef chunks the index named
 * @param chunksDownloaded chunks opened
 * @param splits parts the frontend split the query into by time (0: not split)
 * @param shards parts the frontend cut each time split into by stream (0: not sharded)
 */
public record QueryStats(
        double execTimeSeconds,
        long bytesProcessed,
        long linesProcessed,
        long entriesReturned,
        long postFilterLines,
        long chunksRef,
        long chunksDownloaded,
        int splits,
        int shards) {
    public static final QueryStats EMPTY = new QueryStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The sum of two parts' statistics (times add up too; the frontend replaces the total time). */
    public QueryStats plus(QueryStats o) {
        return new QueryStats(
                execTimeSeconds + o.execTimeSeconds,
                bytesProcessed + o.bytesProcessed,
                linesProcessed + o.linesProcessed,
                entriesReturned + o.entriesReturned,
                postFilterLines + o.postFilterLines,
                chunksRef + o.chunksRef,
                chunksDownloaded + o.chunksDownloaded,
                splits + o.splits,
                shards + o.shards);
    }

    public QueryStats withExecTime(double seconds) {
        return new QueryStats(
                seconds,
                bytesProcessed,
                linesProcessed,
                entriesReturned,
                postFilterLines,
                chunksRef,
                chunksDownloaded,
                splits,
                shards);
    }

    public QueryStats withEntriesReturned(long entries) {
        return new QueryStats(
                execTimeSeconds,
                bytesProcessed,
                linesProcessed,
                entries,
                postFilterLines,
                chunksRef,
                chunksDownloaded,
                splits,
                shards);
    }

    /** The counts of the whole query: {@code splits} time parts, each cut into {@code shards} (1: none). */
    public QueryStats withSplits(int splits, int shards) {
        return new QueryStats(
                execTimeSeconds,
                bytesProcessed,
                linesProcessed,
                entriesReturned,
                postFilterLines,
                chunksRef,
                chunksDownloaded,
                splits,
                shards > 1 ? shards : 0);
    }
}
