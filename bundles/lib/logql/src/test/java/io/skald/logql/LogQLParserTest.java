// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.core.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogQLParserTest {
    @ParameterizedTest
    @CsvSource(
            delimiterString = " ==> ",
            value = {
                "{app=\"foo\"} ==> {app=\"foo\"}",
                "  {app = \"foo\" , env=~\"prod|dev\"} ==> {app=\"foo\", env=~\"prod|dev\"}",
                "{app=\"foo\"} |= \"error\" != \"timeout\" ==> {app=\"foo\"} |= \"error\" != \"timeout\"",
                "{app=\"foo\"} |~ `\\d+ms` |= \"a\" or \"b\" ==> {app=\"foo\"} |~ \"\\\\d+ms\" |= \"a\" or \"b\"",
                "{app=\"foo\"} # trailing comment ==> {app=\"foo\"}",
                "{svc=\"d\"} |> \"<_> level=debug <_>\" !> \"<_> x=<_>\" ==> {svc=\"d\"} |> \"<_> level=debug <_>\" !> \"<_> x=<_>\"",
                "{job=\"a\"} != ip(\"192.168.4.5-192.168.4.20\") ==> {job=\"a\"} != ip(\"192.168.4.5-192.168.4.20\")",
                "{a=\"b\"} | json first=\"a.b\", servers, ua=\"request.headers[\\\"User-Agent\\\"]\" ==> {a=\"b\"} | json first=\"a.b\", servers, ua=\"request.headers[\\\"User-Agent\\\"]\"",
                "{a=\"b\"} | logfmt --strict --keep-empty host, fwd_ip=\"fwd\" ==> {a=\"b\"} | logfmt --strict --keep-empty host, fwd_ip=\"fwd\"",
                "{a=\"b\"} | regexp \"(?P<method>\\\\w+) (?P<path>\\\\S+)\" ==> {a=\"b\"} | regexp \"(?P<method>\\\\w+) (?P<path>\\\\S+)\"",
                "{a=\"b\"} | pattern `<ip> - - <_> \"<method> <uri> <_>\"` | unpack ==> {a=\"b\"} | pattern \"<ip> - - <_> \\\"<method> <uri> <_>\\\"\" | unpack",
                "{a=\"b\"} | logfmt | duration >= 20ms or (method=\"GET\" and size <= 20KB) ==> {a=\"b\"} | logfmt | duration >= 20ms or (method=\"GET\" and size <= 20KB)",
                "{a=\"b\"} | logfmt | addr = ip(\"10.0.0.0/8\"), status=500 ==> {a=\"b\"} | logfmt | addr = ip(\"10.0.0.0/8\") and status == 500",
                "{a=\"b\"} | line_format \"{{.query}} {{.duration}}\" | label_format dst=src, t=\"{{.status}}\" ==> {a=\"b\"} | line_format \"{{.query}} {{.duration}}\" | label_format dst=src, t=\"{{.status}}\"",
                "{a=\"b\"} | drop level, method=\"GET\" | keep a, b=~\"x.*\" | decolorize |= \"after\" ==> {a=\"b\"} | drop level, method=\"GET\" | keep a, b=~\"x.*\" | decolorize |= \"after\""
            })
    void parsesAndFormats(String query, String formatted) throws Exception {
        LogQuery q = LogQLParser.parseLogQuery(query);
        assertEquals(formatted, q.toString());
        assertEquals(q.toString(), LogQLParser.parseLogQuery(q.toString()).toString(), "the printer round-trips");
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " ==> ",
            value = {
                "{app=\"foo\" ==> parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,",
                "{app=\"foo\"} |= test ==> parse error at line 1, col 16: syntax error: unexpected IDENTIFIER, expecting STRING or ip",
                "{app=foo} ==> parse error at line 1, col 6: syntax error: unexpected IDENTIFIER, expecting STRING",
                "{app=\"foo} ==> parse error at line 1, col 6: literal not terminated",
                "{foo!=\"bar\"} ==> parse error : " + LogQLParser.EMPTY_COMPATIBLE,
                "{app=~\".*\"} ==> parse error : " + LogQLParser.EMPTY_COMPATIBLE,
                "{app=\"foo\"} | line_format \"{{.msg}\" ==> parse error : template: line:1: unclosed action",
                "{app=\"foo\"} | line_format \"{{nope .msg}}\" ==> parse error : template: line:1: function \"nope\" not defined",
                "{app=\"foo\"} | regexp \"(\\\\w+)\" ==> parse error : invalid regexp parser: at least one named capture must be supplied",
                "{app=\"foo\"} | pattern \"<_> x\" ==> parse error : invalid pattern parser: at least one capture is required",
                "{app=\"foo\"} | pattern \"<a><b>\" ==> parse error : invalid pattern parser: found consecutive capture",
                "{app=\"foo\"} | label_format a=b, a=c ==> parse error : multiple label name 'a' not allowed in a single format operation",
                "{app=\"foo\"} |= ip(\"300.1.1.1\") ==> parse error : ip: invalid IP address, range or CIDR \"300.1.1.1\"",
                "{app=\"foo\"} | unwrap x ==> parse error at line 1, col 15: syntax error: unexpected unwrap",
                "rate({app=\"foo\"}[1m]) ==> only log selector is supported"
            })
    void refusesWithPositions(String query, String message) {
        ParseException e = assertThrows(ParseException.class, () -> LogQLParser.parseLogQuery(query));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " ==> ",
            value = {
                "count_over_time({app=\"foo\"}[5m]) ==> count_over_time({app=\"foo\"} [5m])",
                "sum by (level) (count_over_time({app=\"foo\"} |= \"x\" [1m])) ==> sum by (level) (count_over_time({app=\"foo\"} |= \"x\" [1m]))",
                "sum(rate({app=\"foo\"}[30s])) without (pod) ==> sum without (pod) (rate({app=\"foo\"} [30s]))",
                "max(bytes_rate({app=\"foo\"}[1h])) ==> max (bytes_rate({app=\"foo\"} [1h]))",
                "count_over_time({job=\"mysql\"}[5m] offset 5m) ==> count_over_time({job=\"mysql\"} [5m] offset 5m)",
                "quantile_over_time(0.99, {c=\"x\"} | json | __error__ = \"\" | unwrap request_time [1m]) by (path) ==> quantile_over_time(0.99, {c=\"x\"} | json | __error__=\"\" | unwrap request_time [1m]) by (path)",
                "sum by (org_id) (sum_over_time({c=\"x\"} |= \"metrics.go\" | logfmt | unwrap bytes(bytes_processed) | __error__=\"\" [1m])) ==> sum by (org_id) (sum_over_time({c=\"x\"} |= \"metrics.go\" | logfmt | unwrap bytes(bytes_processed) | __error__=\"\" [1m]))",
                "topk(10,sum(rate({region=\"us-east1\"}[5m])) by (name)) ==> topk(10, sum by (name) (rate({region=\"us-east1\"} [5m])))",
                "rate({app=~\"foo|bar\"}[1m]) and rate({app=\"bar\"}[1m]) ==> rate({app=~\"foo|bar\"} [1m]) and rate({app=\"bar\"} [1m])",
                "count_over_time({foo=\"bar\"}[1m]) > bool 10 ==> count_over_time({foo=\"bar\"} [1m]) > bool 10",
                "sum by (app, status) (rate({job=\"h\"} | json [5m])) / on (app) group_left sum by (app) (rate({job=\"h\"} | json [5m])) ==> sum by (app, status) (rate({job=\"h\"} | json [5m])) / on (app) group_left sum by (app) (rate({job=\"h\"} | json [5m]))",
                "sum(count_over_time({namespace=\"traefik\"}[5m])) or vector(0) ==> sum (count_over_time({namespace=\"traefik\"} [5m])) or vector(0)",
                "label_replace(rate({job=\"api\",service=\"a:c\"} |= \"err\" [1m]), \"foo\", \"$1\", \"service\", \"(.*):.*\") ==> label_replace(rate({job=\"api\", service=\"a:c\"} |= \"err\" [1m]), \"foo\", \"$1\", \"service\", \"(.*):.*\")",
                "1 + 2 * 3 - 4 ==> 3",
                "rate({app=\"foo\"}[5m] |= \"x\") ==> rate({app=\"foo\"} |= \"x\" [5m])",
                "sum(rate_counter({a=\"b\"} | logfmt | unwrap total [1m])) ==> sum (rate_counter({a=\"b\"} | logfmt | unwrap total [1m]))",
                "absent_over_time({a=\"b\"}[1m]) ==> absent_over_time({a=\"b\"} [1m])",
                "approx_topk(3, sum by (app) (rate({a=\"b\"}[1m]))) ==> approx_topk(3, sum by (app) (rate({a=\"b\"} [1m])))",
                "stddev_over_time({a=\"b\"} | unwrap duration_seconds(latency) [1m]) without (pod) ==> stddev_over_time({a=\"b\"} | unwrap duration_seconds(latency) [1m]) without (pod)"
            })
    void parsesMetricQueries(String query, String formatted) throws Exception {
        Object parsed = LogQLParser.parse(query);
        assertTrue(parsed instanceof MetricQuery, String.valueOf(parsed));
        assertEquals(formatted, parsed.toString());
        assertEquals(formatted, LogQLParser.parse(formatted).toString());
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " ==> ",
            value = {
                "rate({app=\"foo\"}[5minutes]) ==> parse error at line 0, col 17: unknown unit \"minutes\" in duration \"5minutes\"",
                "count_over_time({app=\"foo\"}) ==> parse error at line 1, col 28: syntax error: unexpected )",
                "sum_over_time({app=\"foo\"} | json [5m]) ==> parse error : invalid aggregation sum_over_time without unwrap",
                "count_over_time({app=\"foo\"} | json | unwrap duration [5m]) ==> parse error : invalid aggregation count_over_time with unwrap",
                "count_over_time({job=\"mysql\"}[5m]) offset 5m ==> parse error at line 1, col 36: syntax error: unexpected offset",
                "rate({app=\"foo\"}[1m]) by (x) ==> parse error : grouping not allowed for rate aggregation",
                "rate({a=\"b\"}[1m]) or 2 ==> parse error : unexpected literal for right leg of logical/set binary operation (or): 2.000000",
                "approx_topk by (x) (3, rate({a=\"b\"}[1m])) ==> parse error : grouping not allowed for approx_topk aggregation",
                "topk(x, rate({app=\"foo\"}[1m])) ==> parse error at line 1, col 6: syntax error: unexpected IDENTIFIER",
                "nope(rate({app=\"foo\"}[1m])) ==> parse error at line 1, col 1: syntax error: unexpected IDENTIFIER",
                "sum(rate({app=\"foo\"}[1m]) ==> parse error at line 1, col 26: syntax error: unexpected $end"
            })
    void refusesMetricQueriesWithPositions(String query, String message) {
        ParseException e = assertThrows(ParseException.class, () -> LogQLParser.parse(query));
        assertEquals(message, e.getMessage());
    }

    @Test
    void parsersAndLabelFiltersExtractAndSelect() throws Exception {
        LogQuery logfmt =
                LogQLParser.parseLogQuery("{app=\"api\"} |= \"level\" | logfmt | level=\"error\" | status >= 500");
        assertEquals("{app=\"api\"} |= \"level\" | logfmt | level=\"error\" | status >= 500", logfmt.toString());
        Labels stream = Labels.of(Map.of("app", "api"));
        assertEquals(
                "{app=\"api\", level=\"error\", msg=\"boom now\", status=\"503\"}",
                String.valueOf(logfmt.labelsOf(
                        stream, "level=error status=503 msg=\"boom now\"".getBytes(StandardCharsets.UTF_8))));
        assertEquals(null, logfmt.labelsOf(stream, "level=error status=200".getBytes(StandardCharsets.UTF_8)));
        assertEquals(null, logfmt.labelsOf(stream, "level=info status=503".getBytes(StandardCharsets.UTF_8)));

        LogQuery json = LogQLParser.parseLogQuery("{app=\"api\"} | json | http_method=~\"GET|POST\" | __error__=\"\"");
        assertEquals(
                "{app=\"api\", http_method=\"GET\", n=\"3\"}",
                String.valueOf(json.labelsOf(
                        stream,
                        "{\"http\":{\"method\":\"GET\"},\"n\":3,\"tags\":[1]}".getBytes(StandardCharsets.UTF_8))));
        assertEquals(
                null,
                json.labelsOf(stream, "not json".getBytes(StandardCharsets.UTF_8)),
                "__error__ is set, so the filter drops it");
        LogQuery errors = LogQLParser.parseLogQuery("{app=\"api\"} | json | __error__=\"JSONParserErr\"");
        Labels failed = errors.labelsOf(stream, "oops".getBytes(StandardCharsets.UTF_8));
        assertEquals("JSONParserErr", failed.get("__error__"));
        assertTrue(failed.get("__error_details__").startsWith("Unrecognized token 'oops'"), failed.toString());
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
