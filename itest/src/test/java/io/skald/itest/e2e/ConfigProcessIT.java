// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Flags and YAML at the edge: bad ones stop the start with a clear message; a YAML edit reconfigures live. */
class ConfigProcessIT {

    @Test
    void anUnknownFlagStopsTheStartAsGoFlagsDo() throws Exception {
        SkaldProcess.Result r = SkaldProcess.run("unknown-flag", "-no.such-flag=1");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("flag provided but not defined: -no.such-flag"), r.output());
        assertTrue(r.output().contains("-server.http-listen-port"), "usage follows");
    }

    @Test
    void aBadFlagValueIsNamed() throws Exception {
        SkaldProcess.Result r = SkaldProcess.run("bad-port", "-server.http-listen-port=http");
        assertEquals(2, r.exitCode());
        assertTrue(
                r.output().contains("invalid value \"http\" for flag -server.http-listen-port: parse error"),
                r.output());
    }

    @Test
    void invalidYamlNamesTheLine() throws Exception {
        Path config = Files.createTempFile("skald", ".yaml");
        Files.writeString(config, "server:\n  http_listen_port: 3100\n  bad: [unclosed\n");
        SkaldProcess.Result r = SkaldProcess.run("bad-yaml", "-config.file=" + config);
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("error: failed parsing config: " + config + ": yaml: line 4:"), r.output());
    }

    @Test
    void unknownAndMistypedFieldsAreRefusedWithTheirLines() throws Exception {
        Path config = Files.createTempFile("skald", ".yaml");
        Files.writeString(config, "auth_enabled: false\nserver:\n  http_listen_port: abc\nnope: 1\n");
        SkaldProcess.Result r = SkaldProcess.run("bad-fields", "-config.file=" + config);
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("line 3: cannot unmarshal !!str `abc` into int"), r.output());
        assertTrue(r.output().contains("line 4: field nope not found in type loki.Config"), r.output());
    }

    @Test
    void anUnknownTargetIsRefused() throws Exception {
        SkaldProcess.Result r = SkaldProcess.run("bad-target", "-target=ingester,nope");
        assertEquals(1, r.exitCode());
        assertTrue(r.output().contains("unrecognised module name: nope"), r.output());
    }

    @Test
    void aTargetRunsOnlyItsModules() throws Exception {
        try (SkaldProcess skald = SkaldProcess.start("target-write", "-target=write")) {
            skald.awaitReady(Duration.ofSeconds(60));
            String services = skald.get("/services").body();
            assertTrue(services.contains("ingester => Running"), services);
            assertTrue(services.contains("distributor => Running"));
            assertTrue(services.contains("store => Running"));
            assertFalse(services.contains("querier"), services);
            assertFalse(services.contains("compactor"), services);
        }
    }

    @Test
    void editingTheYamlReconfiguresTheRunningServer() throws Exception {
        Path dir = Path.of("target", "e2e").toAbsolutePath();
        Files.createDirectories(dir);
        Path config = dir.resolve("live.yaml");
        Files.writeString(config, "auth_enabled: false\n");
        try (SkaldProcess skald = SkaldProcess.start("live-config", "-config.file=" + config)) {
            skald.awaitReady(Duration.ofSeconds(60));
            Files.copy(RuntimeProcessIT.EXAMPLE_PLUGIN, skald.deploy.resolve("example-plugin.jar"));
            skald.await(
                    "the example plugin",
                    RuntimeProcessIT.DEPLOY_TIMEOUT,
                    () -> skald.get("/example/whoami").statusCode() == 200);
            assertEquals("fake\n", skald.get("/example/whoami").body());

            Files.writeString(config, "auth_enabled: true\n");
            skald.await(
                    "auth to be enforced",
                    Duration.ofSeconds(20),
                    () -> skald.get("/example/whoami").statusCode() == 401);
            assertEquals("no org id\n", skald.get("/example/whoami").body());
            assertEquals(
                    "team-a\n",
                    skald.get("/example/whoami", "X-Scope-OrgID", "team-a").body());
            assertTrue(skald.get("/config").body().contains("auth_enabled: true"));

            Files.writeString(config, "auth_enabled: [broken\n");
            Thread.sleep(1000);
            assertEquals(
                    "team-a\n",
                    skald.get("/example/whoami", "X-Scope-OrgID", "team-a").body(),
                    "a broken edit keeps the running config");
            assertTrue(skald.isAlive());
        }
    }

    @Test
    void sigtermStopsGracefully() throws Exception {
        SkaldProcess skald = SkaldProcess.start("graceful");
        skald.awaitReady(Duration.ofSeconds(60));
        long start = System.nanoTime();
        int code = skald.stop();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, code, Files.readString(skald.log));
        assertTrue(millis < 10_000, "stopped in " + millis + " ms");
    }
}
