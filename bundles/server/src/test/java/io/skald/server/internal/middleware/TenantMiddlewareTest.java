// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.middleware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** dskit's tenant id rules. */
class TenantMiddlewareTest {
    @ParameterizedTest
    @ValueSource(strings = {"fake", "team-a", "a|b|c", "A.b_c-d!e*f'g(h)", "0"})
    void valid(String id) {
        assertNull(TenantMiddleware.validate(id));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a/b|tenant ID 'a/b' contains unsupported character '/'",
            "a b|tenant ID 'a b' contains unsupported character ' '",
            ".|tenant ID is '.' or '..'",
            "..|tenant ID is '.' or '..'"})
    void invalid(String id, String message) {
        assertEquals(message, TenantMiddleware.validate(id));
    }

    @org.junit.jupiter.api.Test
    void tooLong() {
        assertEquals("tenant ID is too long: max 150 characters", TenantMiddleware.validate("x".repeat(151)));
        assertNull(TenantMiddleware.validate("x".repeat(150)));
    }
}
