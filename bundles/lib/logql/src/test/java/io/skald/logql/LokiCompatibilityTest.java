// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Queries Loki's parser accepts or refuses, and how: the grammar, the lexer's positions, the checks after parsing. */
class LokiCompatibilityTest {
    @ParameterizedTest
    @CsvSource(
            delimiterString = " ==> ",
            value = {
                "bytes_rate(({svc=\"api\"} |~ \"5..\" != \"health\")[2m]) ==> bytes_rate({svc=\"api\"} |~ \"5..\" != \"health\" [2m])",
                "count_over_time(( {svc=\"api\"} ) [30s]) ==> count_over_time({svc=\"api\"} [30s])",
                "rate({svc=\"api\"} |= ip(\"10.0.0.1\") or \"x\" or ip(\"10.0.0.2\") [1m]) ==> rate({svc=\"api\"} |= ip(\"10.0.0.1\") or \"x\" or ip(\"10.0.0.2\") [1m])",
                "2 >= 3 ==> 0",
                "2 ^ 3 ^ 2 ==> 512",
                "count_over_time({svc=\"api\"}[5m] offset -10m) ==> count_over_time({svc=\"api\"} [5m] offset -10m)",
                "count_over_time({svc=\"api\"} | logfmt | a=\"1\" b=\"2\" [1m]) ==> count_over_time({svc=\"api\"} | logfmt | a=\"1\" and b=\"2\" [1m])",
                "count_over_time({svc=\"api\"} |~ \"(\" [1m]) ==> count_over_time({svc=\"api\"} |~ \"(\" [1m])",
                "sum(count_over_time({svc=\"api\"}[1m])) / 4 * 2 ==> (sum (count_over_time({svc=\"api\"} [1m])) / 4) * 2"
            })
    void acceptsAsLoki(String query, String printed) throws Exception {
        assertEquals(printed, LogQLParser.parse(query).toString());
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " ==> ",
            value = {
                "3 unless rate({svc=\"api\"}[1m]) ==> parse error : unexpected literal for left leg of logical/set binary operation (unless): 3.000000",
                "{svc=\"api\"} or {svc=\"web\"} ==> parse error : unexpected type for left leg of binary operation (or): *syntax.MatchersExpr",
                "sum_over_time({svc=\"api\"} | json [1m]) ==> parse error : invalid aggregation sum_over_time without unwrap",
                "rate_counter({svc=\"api\"}[1m]) ==> parse error : invalid aggregation rate_counter without unwrap",
                "bytes_rate({svc=\"api\"} | unwrap n [1m]) ==> parse error : invalid aggregation bytes_rate with unwrap",
                "count_over_time({svc=\"api\"}[1m]) by (x) ==> parse error : grouping not allowed for count_over_time aggregation",
                "topk(0, rate({svc=\"api\"}[1m])) ==> parse error : invalid parameter (must be greater than 0) topk(0",
                "sum(3, rate({svc=\"api\"}[1m])) ==> parse error : unsupported parameter for operation sum(3,",
                "avg_over_time(0.5, {svc=\"api\"} | unwrap n [1m]) ==> parse error : parameter 0.5 not supported for operation avg_over_time",
                "sort by (a) (rate({svc=\"api\"}[1m])) ==> 'parse error : sort and sort_desc doesn''t allow grouping by '",
                "rate({svc=\"api\"}[1 hour]) ==> parse error at line 0, col 17: unknown unit \" hour\" in duration \"1 hour\"",
                "rate({svc=\"api\"}[1m ==> parse error at line 0, col 17: missing closing ']' in duration",
                "{svc=\"api\"} |= ip(\"1.2.3.4\") |~ ==> parse error at line 1, col 32: syntax error: unexpected $end, expecting STRING or ip",
                "{svc=~\"(\"} ==> parse error : error parsing regexp: missing closing ): `(`",
                "{svc=\"api\"} | logfmt | x > ip(\"1.2.3.4\") ==> parse error at line 1, col 28: syntax error: unexpected ip",
                "{svc=\"api\"} |= \"a\" or ==> parse error at line 1, col 22: syntax error: unexpected $end, expecting STRING or ip",
                "sum by (a (rate({svc=\"api\"}[1m])) ==> parse error at line 1, col 11: syntax error: unexpected (, expecting , or )",
                "rate({svc=\"api\"}[1m]) > > 1 ==> parse error at line 1, col 25: syntax error: unexpected >",
                "{} ==> parse error : " + LogQLParser.EMPTY_COMPATIBLE,
                "1e999 ==> parse error : unable to parse literal as a float: strconv.ParseFloat: parsing \"1e999\": value out of range"
            })
    void refusesAsLoki(String query, String message) {
        ParseException e = assertThrows(ParseException.class, () -> LogQLParser.parse(query));
        assertEquals(message, e.getMessage());
    }

    @Test
    void positionsCountLines() {
        ParseException e = assertThrows(ParseException.class, () -> LogQLParser.parse("{svc=\"api\"}\n| json\n| )"));
        assertEquals("parse error at line 3, col 3: syntax error: unexpected )", e.getMessage());
    }

    @Test
    void invalidUtf8IsAParseError() {
        ParseException e = assertThrows(ParseException.class, () -> LogQLParser.parse("{svc=~\"\ufffd\"}"));
        assertEquals("parse error at line 1, col 7: invalid UTF-8 encoding", e.getMessage());
        e = assertThrows(ParseException.class, () -> LogQLParser.parse("{svc=\"a\uD800\"}"));
        assertEquals("parse error at line 1, col 6: invalid UTF-8 encoding", e.getMessage());
    }

    @Test
    void lineFilterRegexErrorsWaitForTheQueryToRun() throws Exception {
        LogQuery q = LogQLParser.parseLogQuery("{svc=\"api\"} |~ \"(\"");
        assertEquals(
                "error parsing regexp: missing closing ): `(`",
                q.filters().get(0).regexError());
        assertEquals(
                "ip: invalid operation",
                LogQLParser.parseLogQuery("{svc=\"api\"} |~ ip(\"1.2.3.4\")")
                        .filters()
                        .get(0)
                        .regexError());
    }

    private static final String[] PIECES = {
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "5m",
        "1h30m",
        "-5m",
        "20KB",
        "\"a\"",
        "`b`",
        "\"(\"",
        "|=",
        "!=",
        "|~",
        "!~",
        "|>",
        "|",
        "json",
        "logfmt",
        "--strict",
        "unwrap",
        "bytes(",
        "ip(",
        "or",
        "and",
        "unless",
        "by",
        "without",
        "rate(",
        "sum",
        "topk(",
        "quantile_over_time(",
        "label_replace(",
        "vector(",
        "offset",
        "bool",
        "on",
        "group_left",
        ",",
        "=",
        "==",
        ">",
        "<=",
        "+",
        "-",
        "*",
        "/",
        "^",
        "1",
        "0.5",
        "1e308",
        "99999999999999999999999",
        "0x1p3",
        "0b12",
        "1_000",
        "a",
        "__error__",
        "#",
        "\n",
        " ",
        "\ufffd",
        "\u0000",
        "'c'",
        "\\",
        "\"",
        "/*",
        "µs",
        "label_format",
        "line_format",
        "drop"
    };

    @Test
    void randomAndMutatedQueriesEndInParseExceptionOrSucceed() {
        Random random = new Random(20240601L);
        String[] seeds = {
            "sum by (a) (rate({svc=\"api\"} |= \"x\" | json | n > 5 | unwrap n [5m] offset 1h))",
            "label_replace(topk(3, count_over_time({a=\"b\"} | logfmt | line_format \"{{.x}}\" [1m])), \"d\", \"$1\", \"s\", \"(.*)\")",
            "{a=\"b\"} |= ip(\"1.2.3.4\") or \"x\" | pattern \"<_> <x>\" | drop a, b=\"c\" | label_format a=b"
        };
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 20_000; i++) {
                String query;
                if (i % 2 == 0) {
                    StringBuilder b = new StringBuilder();
                    int n = random.nextInt(30);
                    for (int k = 0; k < n; k++) {
                        b.append(PIECES[random.nextInt(PIECES.length)]).append(random.nextBoolean() ? " " : "");
                    }
                    query = b.toString();
                } else {
                    StringBuilder b = new StringBuilder(seeds[random.nextInt(seeds.length)]);
                    for (int k = random.nextInt(4); k >= 0; k--) {
                        int at = random.nextInt(b.length());
                        switch (random.nextInt(3)) {
                            case 0 -> b.deleteCharAt(at);
                            case 1 -> b.insert(at, PIECES[random.nextInt(PIECES.length)]);
                            default -> b.setCharAt(at, (char) random.nextInt(128));
                        }
                    }
                    query = b.toString();
                }
                parseOrParseException(query);
            }
            parseOrParseException("(".repeat(10_000) + "1" + ")".repeat(10_000));
            parseOrParseException("sum(".repeat(10_000) + "rate({a=\"b\"}[1m])" + ")".repeat(10_000));
            parseOrParseException("(".repeat(10_000));
            parseOrParseException("9".repeat(5_000));
            parseOrParseException("{a=\"b\"} |= \"" + "x".repeat(200_000) + "\"");
        });
    }

    private static void parseOrParseException(String query) {
        try {
            LogQLParser.parse(query);
        } catch (ParseException expected) {
            // refused the way every refusal must end
        }
    }
}
