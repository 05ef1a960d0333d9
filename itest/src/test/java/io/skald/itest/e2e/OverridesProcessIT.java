// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loki's runtime overrides file: per-tenant limits, changed while the server runs. */
class OverridesProcessIT {
    @Test
    void perTenantLimitsReloadLive() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "e2e")).toAbsolutePath();
        Path overrides = dir.resolve("overrides.yaml");
        Files.writeString(overrides, "overrides:\n  small:\n    max_line_size: 16B\n");
        Path config = dir.resolve("overrides-config.yaml");
        Files.writeString(config, "runtime_config:\n  file: " + overrides + "\n  period: 200ms\n");
        try (SkaldProcess skald = SkaldProcess.start("overrides", "-auth.enabled=true", "-config.file=" + config)) {
            skald.awaitReady(Duration.ofSeconds(60));
            byte[] longLine = Pushes.protobuf("{app=\"x\"}", List.of("this line is longer than sixteen bytes"));
            var refused = Pushes.post(skald, "application/x-protobuf", longLine, "X-Scope-OrgID", "small");
            assertEquals(400, refused.statusCode());
            assertTrue(refused.body().startsWith("Max entry size '16' bytes exceeded"), refused.body());
            assertEquals(204, Pushes.post(skald, "application/x-protobuf", longLine, "X-Scope-OrgID", "other").statusCode(),
                    "other tenants keep the defaults");

            Files.writeString(overrides, "overrides:\n  small:\n    max_line_size: 1KB\n");
            skald.await("the overrides to reload", Duration.ofSeconds(20), () -> Pushes.post(skald, "application/x-protobuf",
                    Pushes.protobuf("{app=\"x\"}", List.of("this line is longer than sixteen bytes, again")),
                    "X-Scope-OrgID", "small").statusCode() == 204);
        }
    }
}
