// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.middleware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skald.spi.http.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** dskit's tenant id rules, as the tenant middleware applies them through {@link Tenant#resolve}. */
class TenantMiddlewareTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = ',',
            quoteCharacter = '"',
            value = {
                "fake,fake",
                "team-a,team-a",
                "c|a|b,a|b|c",
                "b|a|b,a|b",
                "a|a,a",
                "A.b_c-d!e*f'g(h),A.b_c-d!e*f'g(h)",
                "0,0",
                "123456:product=k6,123456",
                "t1:k=v1|t2:k=v2,t1|t2"
            })
    void valid(String orgId, String resolved) {
        assertEquals(resolved, Tenant.resolve(orgId));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "a/b|tenant ID 'a/b' contains unsupported character '/'",
                "a b|tenant ID 'a b' contains unsupported character ' '",
                "ok,x|tenant ID 'ok,x' contains unsupported character ','",
                ".|tenant ID is '.' or '..'",
                "..|tenant ID is '.' or '..'"
            })
    void invalid(String id, String message) {
        assertEquals(
                message,
                assertThrows(IllegalArgumentException.class, () -> Tenant.resolve(id))
                        .getMessage());
    }

    @Test
    void invalidPartOfSeveral() {
        assertEquals(
                "tenant ID 'b/c' contains unsupported character '/'",
                assertThrows(IllegalArgumentException.class, () -> Tenant.resolve("a|b/c"))
                        .getMessage());
        assertEquals(
                "no org id",
                assertThrows(IllegalArgumentException.class, () -> Tenant.resolve("a||b"))
                        .getMessage());
    }

    @Test
    void tooLong() {
        assertEquals(
                "tenant ID is too long: max 150 characters",
                assertThrows(IllegalArgumentException.class, () -> Tenant.resolve("x".repeat(151)))
                        .getMessage());
        assertEquals("x".repeat(150), Tenant.resolve("x".repeat(150)));
    }
}
