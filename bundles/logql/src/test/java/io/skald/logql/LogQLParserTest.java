// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.spi.log.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LogQLParserTest {
    @ParameterizedTest
    @CsvSource(delimiterString = " ==> ", value = {
            "{app=\"foo\"} ==> {app=\"foo\"}",
            "  {app = \"foo\" , env=~\"prod|dev\",} ==> {app=\"foo\", env=~\"prod|dev\"}",
            "{app=\"foo\"} |= \"error\" != \"timeout\" ==> {app=\"foo\"} |= \"error\" != \"timeout\"",
            "{app=\"foo\"} |~ `\\d+ms` |= \"a\" or \"b\" ==> {app=\"foo\"} |~ \"\\\\d+ms\" |= \"a\" or \"b\"",
            "{app=\"foo\"} # trailing comment ==> {app=\"foo\"}"})
    void parsesAndFormats(String query, String formatted) throws Exception {
        LogQuery q = LogQLParser.parseLogQuery(query);
        assertEquals(formatted, q.toString());
        assertEquals(q.toString(), LogQLParser.parseLogQuery(q.toString()).toString(), "the printer round-trips");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ==> ", value = {
            "{app=\"foo\" ==> parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,",
            "{app=\"foo\"} |= test ==> parse error at line 1, col 16: syntax error: unexpected IDENTIFIER, expecting STRING",
            "{app=foo} ==> parse error at line 1, col 6: syntax error: unexpected IDENTIFIER, expecting STRING",
            "{app=\"foo} ==> parse error at line 1, col 6: literal not terminated",
            "{foo!=\"bar\"} ==> parse error : " + LogQLParser.EMPTY_COMPATIBLE,
            "{app=~\".*\"} ==> parse error : " + LogQLParser.EMPTY_COMPATIBLE,
            "{app=\"foo\"} | line_format \"{{.msg}}\" ==> parse error at line 1, col 15: not supported by this version of Skald yet: the 'line_format' stage",
            "rate({app=\"foo\"}[1m]) ==> parse error at line 1, col 1: syntax error: a metric query where a log query is expected"})
    void refusesWithPositions(String query, String message) {
        ParseException e = assertThrows(ParseException.class, () -> LogQLParser.parseLogQuery(query));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ==> ", value = {
            "count_over_time({app=\"foo\"}[5m]) ==> count_over_time({app=\"foo\"} [5m])",
            "sum by (level) (count_over_time({app=\"foo\"} |= \"x\" [1m])) ==> sum by (level) (count_over_time({app=\"foo\"} |= \"x\" [1m]))",
            "sum(rate({app=\"foo\"}[30s])) without (pod) ==> sum without (pod) (rate({app=\"foo\"} [30s]))",
            "max(bytes_rate({app=\"foo\"}[1h])) ==> max (bytes_rate({app=\"foo\"} [1h]))"})
    void parsesMetricQueries(String query, String formatted) throws Exception {
        Object parsed = LogQLParser.parse(query);
        assertTrue(parsed instanceof MetricQuery, String.valueOf(parsed));
        assertEquals(formatted, parsed.toString());
        assertEquals(formatted, LogQLParser.parse(formatted).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ==> ", value = {
            "rate({app=\"foo\"}[5minutes]) ==> parse error at line 1, col 18: syntax error: invalid duration \"5minutes\"",
            "count_over_time({app=\"foo\"}) ==> parse error at line 1, col 28: syntax error: unexpected ), expecting [",
            "topk(3, rate({app=\"foo\"}[1m])) ==> parse error at line 1, col 1: not supported by this version of Skald yet: the function or operator 'topk'"})
    void refusesMetricQueriesWithPositions(String query, String message) {
        ParseException e = assertThrows(ParseException.class, () -> LogQLParser.parse(query));
        assertEquals(message, e.getMessage());
    }

    @Test
    void parsersAndLabelFiltersExtractAndSelect() throws Exception {
        LogQuery logfmt = LogQLParser.parseLogQuery("{app=\"api\"} |= \"level\" | logfmt | level=\"error\" | status >= 500");
        assertEquals("{app=\"api\"} |= \"level\" | logfmt | level=\"error\" | status >= 500", logfmt.toString());
        Labels stream = Labels.of(Map.of("app", "api"));
        assertEquals("{app=\"api\", level=\"error\", msg=\"boom now\", status=\"503\"}",
                String.valueOf(logfmt.labelsOf(stream, "level=error status=503 msg=\"boom now\"".getBytes(StandardCharsets.UTF_8))));
        assertEquals(null, logfmt.labelsOf(stream, "level=error status=200".getBytes(StandardCharsets.UTF_8)));
        assertEquals(null, logfmt.labelsOf(stream, "level=info status=503".getBytes(StandardCharsets.UTF_8)));

        LogQuery json = LogQLParser.parseLogQuery("{app=\"api\"} | json | http_method=~\"GET|POST\" | __error__=\"\"");
        assertEquals("{app=\"api\", http_method=\"GET\", n=\"3\"}",
                String.valueOf(json.labelsOf(stream, "{\"http\":{\"method\":\"GET\"},\"n\":3,\"tags\":[1]}".getBytes(StandardCharsets.UTF_8))));
        assertEquals(null, json.labelsOf(stream, "not json".getBytes(StandardCharsets.UTF_8)), "__error__ is set, so the filter drops it");
        LogQuery errors = LogQLParser.parseLogQuery("{app=\"api\"} | json | __error__=\"JSONParserErr\"");
        assertEquals("{__error__=\"JSONParserErr\", app=\"api\"}", String.valueOf(errors.labelsOf(stream, "oops".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void matchersAndFiltersSelect() throws Exception {
        LogQuery q = LogQLParser.parseLogQuery("{app=~\"api|web\", env!=\"dev\"} |= \"error\" !~ \"timeout|canceled\"");
        assertTrue(q.matches(Labels.of(Map.of("app", "api", "env", "prod"))));
        assertFalse(q.matches(Labels.of(Map.of("app", "api", "env", "dev"))));
        assertFalse(q.matches(Labels.of(Map.of("app", "apiserver"))), "regexes are anchored");
        assertTrue(q.keep("level=error msg=boom".getBytes(StandardCharsets.UTF_8)));
        assertFalse(q.keep("level=error msg=timeout".getBytes(StandardCharsets.UTF_8)));
        assertFalse(q.keep("level=info".getBytes(StandardCharsets.UTF_8)));
    }
}
