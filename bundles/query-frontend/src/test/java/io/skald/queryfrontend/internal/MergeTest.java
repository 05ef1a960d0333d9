// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skald.core.model.Labels;
import io.skald.core.query.QueryResult;
import io.skald.core.query.QueryResult.LogEntry;
import io.skald.core.query.QueryResult.Point;
import io.skald.core.query.QueryStats;
import io.skald.logql.Sharding;
import io.skald.querier.api.QueryHandler.Answer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Split parts merged into the answer of the whole range. */
class MergeTest {
    private static final Labels A = Labels.of(Map.of("app", "a"));
    private static final Labels B = Labels.of(Map.of("app", "b"));

    private static Answer.Success logs(QueryStats stats, QueryResult.Stream... streams) {
        return new Answer.Success(new QueryResult.Streams(List.of(streams)), stats);
    }

    private static QueryStats stats(long lines) {
        return new QueryStats(1, lines * 10, lines, lines, lines, 1, 1, 0, 0);
    }

    @Test
    void logPartsKeepTheNewestEntriesAcrossParts() {
        Answer.Success newer =
                logs(stats(2), new QueryResult.Stream(A, List.of(new LogEntry(40, "a4"), new LogEntry(30, "a3"))));
        Answer.Success older = logs(
                stats(3),
                new QueryResult.Stream(A, List.of(new LogEntry(20, "a2"))),
                new QueryResult.Stream(B, List.of(new LogEntry(25, "b2"), new LogEntry(10, "b1"))));
        Answer.Success merged = Merge.streams(List.of(newer, older), 3, false, 0.5, 1);
        assertEquals(
                new QueryResult.Streams(List.of(
                        new QueryResult.Stream(A, List.of(new LogEntry(40, "a4"), new LogEntry(30, "a3"))),
                        new QueryResult.Stream(B, List.of(new LogEntry(25, "b2"))))),
                merged.result());
        assertEquals(
                new QueryStats(0.5, 50, 5, 3, 5, 2, 2, 2, 0),
                merged.stats(),
                "sums, the whole query's time, 3 returned, 2 splits");
    }

    @Test
    void matrixPartsConcatenateInTimeOrder() {
        Answer.Success second = new Answer.Success(
                new QueryResult.Matrix(List.of(new QueryResult.Series(A, List.of(new Point(3, 3))))), stats(1));
        Answer.Success first = new Answer.Success(
                new QueryResult.Matrix(List.of(
                        new QueryResult.Series(A, List.of(new Point(1, 1))),
                        new QueryResult.Series(B, List.of(new Point(2, 2))))),
                stats(1));
        Answer.Success merged = Merge.matrices(List.of(second, first), 1, 1, Sharding.Combine.SUM);
        assertEquals(
                new QueryResult.Matrix(List.of(
                        new QueryResult.Series(A, List.of(new Point(1, 1), new Point(3, 3))),
                        new QueryResult.Series(B, List.of(new Point(2, 2))))),
                merged.result());
    }
}
