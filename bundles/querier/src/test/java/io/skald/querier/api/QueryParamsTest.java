// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loki's three timestamp forms. */
class QueryParamsTest {
    @ParameterizedTest
    @CsvSource({
        "1700000000,1700000000000000000",
        "1700000000000000005,1700000000000000005",
        "1700000000.5,1700000000500000000",
        "2023-11-14T22:13:20Z,1700000000000000000",
        "2023-11-14T22:13:20.000000007Z,1700000000000000007"
    })
    void parsesSecondsNanosecondsFloatsAndRfc3339(String text, long nanos) {
        assertEquals(nanos, QueryParams.parseTime(text));
    }

    @Test
    void queryStringsDecodeLeniently() {
        var fields =
                QueryParams.decodeQuery("query=%7Bapp%3D%22a%22%7D+%7C%3D+x&limit=5&flag&bad=%zz&utf8=%FF%E2%82%AC");
        assertEquals("{app=\"a\"} |= x", fields.getValue("query"));
        assertEquals("5", fields.getValue("limit"));
        assertEquals("", fields.getValue("flag"));
        assertEquals("%zz", fields.getValue("bad"), "a malformed escape stays as written");
        assertEquals("\uFFFD\u20AC", fields.getValue("utf8"), "bytes that are not UTF-8 become U+FFFD");
    }
}
