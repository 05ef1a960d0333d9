// SPDX-License-Identifier: Apache-2.0
package io.skald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's flag syntax and Go's error texts. */
class FlagsTest {
    @Test
    void acceptsEveryGoSpelling() throws Exception {
        Flags f = Flags.parse(
                List.of("-target=read", "--server.http-listen-port=1", "-common.path-prefix", "/d", "-auth.enabled"));
        assertEquals("read", f.get("target"));
        assertEquals("1", f.get("server.http-listen-port"));
        assertEquals("/d", f.get("common.path-prefix"));
        assertTrue(f.bool("auth.enabled"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "-nope=1|flag provided but not defined: -nope",
                "-server.http-listen-port=x|invalid value \"x\" for flag -server.http-listen-port: parse error",
                "-auth.enabled=yes|invalid boolean value \"yes\" for -auth.enabled: parse error",
                "-server.graceful-shutdown-timeout=10|invalid value \"10\" for flag -server.graceful-shutdown-timeout: parse error",
                "-target|flag needs an argument: -target",
                "stray|unexpected argument: stray"
            })
    void rejectsLikeGo(String arg, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> Flags.parse(List.of(arg)));
        assertEquals(message, e.getMessage());
        assertTrue(e.isUsageError());
    }

    @Test
    void usageListsEveryFlag() {
        String usage = Flags.usageText();
        Flags.ALL.forEach(f -> assertTrue(usage.contains("-" + f.name()), f.name()));
    }
}
