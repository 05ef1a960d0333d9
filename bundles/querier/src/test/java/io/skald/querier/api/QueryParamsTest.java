// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
            "2023-11-14T22:13:20.000000007Z,1700000000000000007"})
    void parsesSecondsNanosecondsFloatsAndRfc3339(String text, long nanos) {
        assertEquals(nanos, QueryParams.parseTime(text));
    }
}
