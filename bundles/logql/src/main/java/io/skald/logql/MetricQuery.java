// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.util.List;

/**
 * A metric query: a range aggregation over a log query ({@code count_over_time({…} |= "x" [5m])}),
 * optionally under vector aggregations ({@code sum by (app) (…)}). {@link #toString()} formats it.
 */
public sealed interface MetricQuery permits MetricQuery.RangeAggregation, MetricQuery.VectorAggregation {

    /** The log query at the bottom of the expression. */
    LogQuery logQuery();

    /** The range of the range aggregation at the bottom, in nanoseconds. */
    long rangeNanos();

    enum RangeOp {
        COUNT_OVER_TIME("count_over_time"), RATE("rate"), BYTES_OVER_TIME("bytes_over_time"), BYTES_RATE("bytes_rate");

        public final String text;

        RangeOp(String text) {
            this.text = text;
        }
    }

    enum VectorOp {
        SUM("sum"), COUNT("count"), MIN("min"), MAX("max"), AVG("avg");

        public final String text;

        VectorOp(String text) {
            this.text = text;
        }
    }

    record RangeAggregation(RangeOp op, LogQuery logQuery, long rangeNanos, String rangeText) implements MetricQuery {
        @Override
        public String toString() {
            return op.text + "(" + logQuery + " [" + rangeText + "])";
        }
    }

    /** {@code without} false means {@code by}; an empty {@code by ()} list groups everything into one series. */
    record VectorAggregation(VectorOp op, boolean without, List<String> grouping, boolean grouped, MetricQuery inner)
            implements MetricQuery {
        @Override
        public LogQuery logQuery() {
            return inner.logQuery();
        }

        @Override
        public long rangeNanos() {
            return inner.rangeNanos();
        }

        @Override
        public String toString() {
            String by = grouped ? (without ? " without (" : " by (") + String.join(", ", grouping) + ")" : "";
            return op.text + by + " (" + inner + ")";
        }
    }
}
