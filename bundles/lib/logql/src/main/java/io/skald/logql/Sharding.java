// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import io.skald.logql.MetricQuery.LogRange;
import io.skald.logql.MetricQuery.RangeAggregation;
import io.skald.logql.MetricQuery.RangeOp;
import io.skald.logql.MetricQuery.VectorAggregation;

/**
 * Which queries can be cut into shards of their streams and answered exactly by combining the
 * shards' answers, as Loki's query sharding does. A log query always can (the shards' entries are
 * merged and cut to the limit). A metric query can when the same series may come from several
 * shards only as parts to add up (counts, rates, byte counts, sums of unwrapped values) or to take
 * the largest or smallest of (max_over_time, min_over_time), optionally under a sum (or max, min)
 * of its own kind. Everything else — averages, quantiles, topk, counts of series, binary operations
 * — runs unsharded.
 */
public final class Sharding {
    /** How the shards' values of one series at one step combine. */
    public enum Combine {
        SUM,
        MAX,
        MIN;

        public double apply(double a, double b) {
            return switch (this) {
                case SUM -> a + b;
                case MAX -> Math.max(a, b);
                case MIN -> Math.min(a, b);
            };
        }
    }

    private Sharding() {}

    /** How a metric query's shards combine, or null when it cannot be sharded. */
    public static Combine combine(MetricQuery query) {
        if (query instanceof RangeAggregation r) {
            return r.grouping() != null ? null : combine(r.op());
        }
        if (query instanceof VectorAggregation v && v.parameter() == null && v.inner() instanceof RangeAggregation r) {
            Combine inner = combine(r);
            Combine outer = switch (v.op()) {
                case SUM -> Combine.SUM;
                case MAX -> Combine.MAX;
                case MIN -> Combine.MIN;
                default -> null;
            };
            return inner != null && inner == outer ? inner : null;
        }
        return null;
    }

    private static Combine combine(RangeOp op) {
        return switch (op) {
            case COUNT_OVER_TIME, RATE, BYTES_OVER_TIME, BYTES_RATE, SUM_OVER_TIME -> Combine.SUM;
            case MAX_OVER_TIME -> Combine.MAX;
            case MIN_OVER_TIME -> Combine.MIN;
            default -> null;
        };
    }

    /** The same query reading only the streams of {@code shard}; a metric query must be shardable. */
    public static Object withShard(Object parsed, Shard shard) {
        if (parsed instanceof LogQuery q) {
            return q.withShard(shard);
        }
        MetricQuery m = (MetricQuery) parsed;
        if (combine(m) == null) {
            throw new IllegalArgumentException("query cannot be sharded: " + m);
        }
        if (m instanceof VectorAggregation v) {
            return new VectorAggregation(
                    v.op(), v.grouping(), v.parameter(), shard((RangeAggregation) v.inner(), shard));
        }
        return shard((RangeAggregation) m, shard);
    }

    private static RangeAggregation shard(RangeAggregation r, Shard shard) {
        LogRange range = r.range();
        LogRange sharded = new LogRange(
                range.query().withShard(shard),
                range.unwrap(),
                range.rangeNanos(),
                range.rangeText(),
                range.offsetNanos(),
                range.offsetText());
        return new RangeAggregation(r.op(), sharded, r.parameter(), r.grouping());
    }
}
