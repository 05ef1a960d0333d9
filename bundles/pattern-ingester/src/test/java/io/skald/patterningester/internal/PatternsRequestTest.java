// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skald.logql.Matcher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loki's ParsePatternsQuery cases, and the JSON answer. */
class PatternsRequestTest {
    static final long S = 1_000_000_000L;
    static final long NOW = 1_700_000_000L * S;

    static PatternsRequest parse(String query) throws PatternsRequest.BadRequest {
        Map<String, String> params = new HashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                params.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return PatternsRequest.parse(params::get, NOW);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            start=100000000000&end=3600000000000&step=5s    | 100  | 3600 | 5000
            start=100000000000&end=3600000000000            | 100  | 3600 | 14000
            end=3600000000000                               | 0    | 3600 | 14000
            start=100000000000&end=3600000000000&step=10    | 100  | 3600 | 10000
            start=100000000000&end=3600000000000&step=10h   | 100  | 3600 | 36000000
            start=100000000000&end=110000000000&step=50ms   | 100  | 110  | 50
            start=100&end=3600.5&step=1.5                   | 100  | 3600 | 1500
            start=2023-11-14T22:13:20Z                      | 1700000000 | 1700000000 | 1000
            """)
    void validParameters(String query, long startSeconds, long endSeconds, long stepMillis) throws Exception {
        PatternsRequest r = parse("query={}&" + query);
        assertEquals(startSeconds, r.startNanos() / S);
        assertEquals(endSeconds, r.endNanos() / S);
        assertEquals(stepMillis, r.stepMillis());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            start=100000000000&end=3600000000000&step=-5s   | cannot parse "-5s" to a valid duration
            start=100000000000&end=3600000000000&step=-5    | zero or negative query resolution step widths are not accepted. Try a positive integer
            start=100000000000&end=3600000000000&step=50ms  | exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter
            start=yesterday                                 | could not parse 'start' parameter: strconv.ParseInt: parsing "yesterday": invalid syntax
            since=1x                                        | could not parse 'since' parameter: not a valid duration string: "1x"
            """)
    void lokisErrors(String query, String message) {
        assertEquals(
                message,
                assertThrows(PatternsRequest.BadRequest.class, () -> parse(query))
                        .getMessage());
    }

    @Test
    void defaultsAreTheLastHourInFourteenSecondSteps() throws Exception {
        PatternsRequest r = parse("query={app=\"x\"}");
        assertEquals(NOW, r.endNanos());
        assertEquals(NOW - 3600 * S, r.startNanos());
        assertEquals(14_000, r.stepMillis());
    }

    @Test
    void theAnswerIsLokisJson() throws Exception {
        PatternQuerier querier = (tenant, matchers, from, through, step) -> {
            assertEquals("t1", tenant);
            assertEquals(List.of("app"), matchers.stream().map(Matcher::name).toList());
            return List.of(new PatternSeries(
                    "<_> level=info msg=\"a & b\"", "info", new long[] {10_000, 20_000}, new long[] {30, 2}, 32));
        };
        assertEquals(
                "{\"status\":\"success\",\"data\":[{\"pattern\":\"\\u003c_\\u003e level=info msg=\\\"a \\u0026 b\\\"\","
                        + "\"level\":\"info\",\"samples\":[[10,30],[20,2]]}]}\n",
                PatternsRoute.answer(querier, "t1", Map.of("query", "{app=\"x\"}")::get, NOW));
        assertEquals(
                "{\"status\":\"success\",\"data\":[]}\n",
                PatternsRoute.answer((t, m, f, th, s) -> List.of(), "t1", Map.of("query", "{app=\"x\"}")::get, NOW));
    }
}
