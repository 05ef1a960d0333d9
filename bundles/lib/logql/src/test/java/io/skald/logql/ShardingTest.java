// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.core.model.Labels;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which queries shard, and how their shards' answers combine. */
class ShardingTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = ';',
            nullValues = "-",
            value = {
                "sum by (level) (count_over_time({a=\"b\"} | logfmt [1m]));SUM",
                "sum(rate({a=\"b\"}[1m]));SUM",
                "count_over_time({a=\"b\"}[1m]);SUM",
                "bytes_over_time({a=\"b\"}[1m]);SUM",
                "sum without (x) (sum_over_time({a=\"b\"} | logfmt | unwrap n [1m]));SUM",
                "max(max_over_time({a=\"b\"} | logfmt | unwrap n [1m]));MAX",
                "min by (x) (min_over_time({a=\"b\"} | logfmt | unwrap n [1m]));MIN",
                "max(rate({a=\"b\"}[1m]));-",
                "sum(max_over_time({a=\"b\"} | logfmt | unwrap n [1m]));-",
                "avg(rate({a=\"b\"}[1m]));-",
                "count(rate({a=\"b\"}[1m]));-",
                "topk(2, rate({a=\"b\"}[1m]));-",
                "avg_over_time({a=\"b\"} | logfmt | unwrap n [1m]);-",
                "quantile_over_time(0.9, {a=\"b\"} | logfmt | unwrap n [1m]);-",
                "max_over_time({a=\"b\"} | logfmt | unwrap n [1m]) by (x);-",
                "sum(rate({a=\"b\"}[1m])) / sum(rate({a=\"c\"}[1m]));-",
                "absent_over_time({a=\"b\"}[1m]);-"
            })
    void combines(String query, Sharding.Combine expected) throws Exception {
        assertEquals(expected, Sharding.combine((MetricQuery) LogQLParser.parse(query)));
    }

    @Test
    void shardsPartitionTheStreams() throws Exception {
        LogQuery q = LogQLParser.parseLogQuery("{a=\"b\"}");
        for (int n = 1; n <= 5; n++) {
            for (int s = 0; s < 200; s++) {
                Labels stream = Labels.of(Map.of("a", "b", "n", Integer.toString(s)));
                int owners = 0;
                for (int i = 0; i < n; i++) {
                    owners += q.withShard(new Shard(i, n)).matches(stream) ? 1 : 0;
                }
                assertEquals(1, owners, "every stream in exactly one shard");
            }
        }
        assertTrue(!q.withShard(new Shard(0, 2)).matches(Labels.of(Map.of("a", "c"))), "matchers still apply");
    }

    @Test
    void shardsReadAsLokiWritesThem() throws Exception {
        assertEquals(new Shard(3, 16), Shard.parse("3_of_16"));
        assertEquals("3_of_16", new Shard(3, 16).toString());
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("16_of_16"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("x"));
        MetricQuery sharded =
                (MetricQuery) Sharding.withShard(LogQLParser.parse("sum(rate({a=\"b\"}[1m]))"), new Shard(1, 2));
        assertEquals(new Shard(1, 2), sharded.logRanges().get(0).query().shard());
        assertEquals(
                LogQLParser.parse("sum(rate({a=\"b\"}[1m]))").toString(), sharded.toString(), "the shard is not LogQL");
        assertThrows(
                IllegalArgumentException.class,
                () -> Sharding.withShard(LogQLParser.parse("topk(1, rate({a=\"b\"}[1m]))"), new Shard(0, 2)));
    }
}
