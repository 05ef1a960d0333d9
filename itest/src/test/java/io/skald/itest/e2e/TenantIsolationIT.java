// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With auth on, what tenant A pushes is stored as A's and only A's. */
class TenantIsolationIT {
    @Test
    void tenantsNeverSeeEachOthersData() throws Exception {
        try (SkaldProcess skald = SkaldProcess.start("tenants", "-auth.enabled=true")) {
            skald.awaitReady(Duration.ofSeconds(60));
            var noTenant =
                    Pushes.post(skald, "application/x-protobuf", Pushes.protobuf("{app=\"x\"}", List.of("nobody")));
            assertEquals(401, noTenant.statusCode());
            assertEquals("no org id\n", noTenant.body());
            assertEquals(
                    204,
                    Pushes.post(
                                    skald,
                                    "application/x-protobuf",
                                    Pushes.protobuf("{app=\"x\"}", List.of("for a")),
                                    "X-Scope-OrgID",
                                    "tenant-a")
                            .statusCode());
            assertEquals(
                    204,
                    Pushes.post(
                                    skald,
                                    "application/x-protobuf",
                                    Pushes.protobuf("{app=\"x\"}", List.of("for b")),
                                    "X-Scope-OrgID",
                                    "tenant-b")
                            .statusCode());
            assertEquals(204, skald.post("/flush").statusCode());
            assertEquals(List.of("for a"), Stored.text(skald.dir.resolve("data"), "tenant-a"));
            assertEquals(List.of("for b"), Stored.text(skald.dir.resolve("data"), "tenant-b"));
            assertTrue(Stored.text(skald.dir.resolve("data"), "fake").isEmpty());
        }
    }
}
