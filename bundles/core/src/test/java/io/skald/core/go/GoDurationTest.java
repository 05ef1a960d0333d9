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
}
