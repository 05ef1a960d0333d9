// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With -shell.enabled=true the Gogo shell reaches the same switches as the admin endpoints. */
class ShellProcessIT {
    @Test
    void theShellSwitchesModules() throws Exception {
        try (SkaldProcess skald = SkaldProcess.start("shell", "-shell.enabled=true")) {
            skald.awaitReady(Duration.ofSeconds(60));
            OutputStream shell = skald.stdin();
            shell.write("skald:disable store\n".getBytes(StandardCharsets.UTF_8));
            shell.flush();
            // The shell answers once SCR has disabled the store; its dependents settle right after.
            skald.await("store disabled and the ingester waiting for it", Duration.ofSeconds(20), () -> {
                String services = skald.get("/services").body();
                return services.contains("store => Terminated") && services.contains("ingester => New");
            });
            shell.write("skald:enable store\n".getBytes(StandardCharsets.UTF_8));
            shell.flush();
            skald.await(
                    "store to run again",
                    Duration.ofSeconds(20),
                    () -> skald.get("/ready").statusCode() == 200);
            skald.await(
                    "the shell's answer in the log",
                    Duration.ofSeconds(5),
                    () -> Files.readString(skald.log).contains("enable store in"));
        }
    }

    @Test
    void withoutTheFlagThereIsNoShell() throws Exception {
        try (SkaldProcess skald = SkaldProcess.start("no-shell")) {
            skald.awaitReady(Duration.ofSeconds(60));
            assertFalse(Files.readString(skald.log).contains("Welcome to Apache Felix Gogo"));
        }
    }
}
