// SPDX-License-Identifier: Apache-2.0
package io.skald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetsTest {
    @Test
    void closuresPullInDependencies() throws Exception {
        assertEquals(
                Set.of("server", "metrics", "store", "ingester", "distributor", "pattern-ingester"),
                Targets.closure(List.of("write")));
        assertEquals(Set.of("server"), Targets.closure(List.of("server")));
        assertEquals(Set.copyOf(Targets.modules()), Targets.closure(List.of("all")));
        assertEquals(Set.of("server", "metrics", "store", "compactor"), Targets.closure(List.of("backend")));
    }

    @Test
    void dependenciesComeBeforeTheirDependents() throws Exception {
        List<String> order = List.copyOf(Targets.closure(List.of("all")));
        for (String module : order) {
            for (String dep : Targets.DEPS.get(module)) {
                assertTrue(order.indexOf(dep) < order.indexOf(module), dep + " before " + module);
            }
        }
    }

    @Test
    void everyDependencyIsAModule() {
        Targets.DEPS.values().forEach(deps -> deps.forEach(d -> assertTrue(Targets.DEPS.containsKey(d), d)));
    }

    @Test
    void unknownNamesAreRefusedInLokisWords() {
        ConfigException e = assertThrows(ConfigException.class, () -> Targets.closure(List.of("ingester", "bogus")));
        assertEquals("unrecognised module name: bogus", e.getMessage());
    }
}
