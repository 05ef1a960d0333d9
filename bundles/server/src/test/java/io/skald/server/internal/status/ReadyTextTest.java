// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.skald.spi.module.State;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadyTextTest {
    static final ModuleView.BundleView BUNDLE = new ModuleView.BundleView(1, "io.skald.x", "0.1.0", "ACTIVE");

    static ModuleView module(String name, boolean enabled, State state, String reason) {
        return new ModuleView(name, true, enabled, state, reason, List.of(), BUNDLE);
    }

    @Test
    void readyWhenEveryEnabledModuleRuns() {
        assertNull(StatusRoutes.notReadyReason(List.of(
                module("server", true, State.RUNNING, null), module("querier", false, State.TERMINATED, "disabled"))));
    }

    @Test
    void notReadyCountsStatesAsLokiDoesAndSaysWhy() {
        String text = StatusRoutes.notReadyReason(List.of(
                module("server", true, State.RUNNING, null),
                module("ingester", true, State.NEW, "waiting for module store to be Running"),
                module("querier", true, State.NEW, "waiting for module store to be Running"),
                module("store", true, State.FAILED, "java.io.IOException: disk full")));
        assertEquals("""
                Some services are not Running:
                New: 2
                Failed: 1
                ingester is New: waiting for module store to be Running
                querier is New: waiting for module store to be Running
                store is Failed: java.io.IOException: disk full
                """, text);
    }
}
