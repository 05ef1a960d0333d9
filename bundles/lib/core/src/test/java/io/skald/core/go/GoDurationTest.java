// SPDX-License-Identifier: Apache-2.0
package io.skald.core.go;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({"30s,30000", "1m30s,90000", "300ms,300", "1.5h,5400000", "0,0", "2d,172800000", "1w,604800000"})
    void parsesGoAndPrometheusUnits(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), GoDuration.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "s", "1x", "1m 30s", "abc"})
    void rejectsWithGosMessage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
        assertEquals("time: invalid duration \"" + text + "\"", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "2595600000000000,721h0m0s", "90000000000,1m30s", "1500000000,1.5s", "250000000,250ms", "0,0s",
        "1500,1.5µs", "7,7ns", "3600000000000,1h0m0s", "61000000001,1m1.000000001s", "-2000000000,-2s"
    })
    void printsAsGo(long nanos, String text) {
        assertEquals(text, GoDuration.format(nanos));
    }
}
