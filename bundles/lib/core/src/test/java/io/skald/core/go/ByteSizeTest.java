// SPDX-License-Identifier: Apache-2.0
package io.skald.core.go;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizeTest {
    @ParameterizedTest
    @CsvSource({"256KB,262144", "64KiB,65536", "1MB,1048576", "1.5MB,1572864", "100,100", "0,0", "2GB,2147483648"})
    void parses(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("lots"));
    }
}
