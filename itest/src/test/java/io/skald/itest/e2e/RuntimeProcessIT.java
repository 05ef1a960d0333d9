// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** runtime/skald as a process: one port for HTTP and gRPC, hot deploy, bad bundles, graceful stop. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeProcessIT {
    static final Path EXAMPLE_PLUGIN = Path.of(System.getProperty("skald.example.plugin"));
    static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SkaldProcess skald;

    @BeforeAll
    void start() throws Exception {
        skald = SkaldProcess.start("runtime-process");
        long millis = skald.awaitReady(Duration.ofSeconds(60));
        System.out.println("runtime/skald process start to first 200 on /ready: " + millis + " ms");
    }

    @AfterAll
    void stop() throws Exception {
        if (skald != null) {
            skald.close();
        }
    }

    @Test
    void grpcHealthAndHttpAnswerOnTheSamePort() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", skald.port)
                .usePlaintext()
                .build();
        try {
            HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().build());
            assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertEquals("ready\n", skald.get("/ready").body());
    }

    @Test
    void aBundleDroppedIntoDeployIsStartedAndRemovingItRemovesIt() throws Exception {
        Path jar = skald.deploy.resolve("example-plugin.jar");
        Files.copy(EXAMPLE_PLUGIN, jar, StandardCopyOption.REPLACE_EXISTING);
        skald.await(
                "the example plugin's route",
                DEPLOY_TIMEOUT,
                () -> skald.get("/example/whoami").statusCode() == 200);
        assertEquals("fake\n", skald.get("/example/whoami").body());
        assertEquals(
                "example",
                skald.get("/ready").headers().firstValue("X-Skald-Plugin").orElse(null));
        JsonNode modules = JSON.readTree(skald.get("/modules").body());
        assertTrue(modules.get("plugins").toString().contains("io.skald.example.plugin"));

        Files.delete(jar);
        skald.await(
                "the example plugin to go",
                DEPLOY_TIMEOUT,
                () -> skald.get("/example/whoami").statusCode() == 404);
        assertFalse(skald.get("/ready").headers().firstValue("X-Skald-Plugin").isPresent());
        assertTrue(skald.isAlive());
    }

    @Test
    void badBundlesAreReportedAndTheServerStaysUp() throws Exception {
        Path garbage = skald.deploy.resolve("garbage.jar");
        Files.write(garbage, "this is not a zip file".getBytes());
        Path unresolvable = skald.deploy.resolve("unresolvable.jar");
        Manifest manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "itest.unresolvable");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", "com.example.does.not.exist");
        try (OutputStream out = Files.newOutputStream(unresolvable);
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        try {
            skald.await("both problems in /modules", DEPLOY_TIMEOUT, () -> {
                String problems = JSON.readTree(skald.get("/modules").body())
                        .get("problems")
                        .toString();
                return problems.contains("garbage.jar") && problems.contains("com.example.does.not.exist");
            });
            HttpResponse<String> ready = skald.get("/ready");
            assertEquals(200, ready.statusCode());
            skald.await("the log to name both", DEPLOY_TIMEOUT, () -> {
                String log = Files.readString(skald.log);
                return log.contains("deploy problem: garbage.jar")
                        && log.contains("deploy problem: itest.unresolvable");
            });
        } finally {
            Files.deleteIfExists(garbage);
            Files.deleteIfExists(unresolvable);
        }
        skald.await(
                "the problems to clear",
                DEPLOY_TIMEOUT,
                () -> JSON.readTree(skald.get("/modules").body())
                        .get("problems")
                        .isEmpty());
    }

    @Test
    void adminEndpointsSwitchModulesOfTheRunningProcess() throws Exception {
        HttpResponse<String> off = skald.post("/admin/modules/querier/disable");
        assertEquals(200, off.statusCode());
        assertTrue(skald.get("/services").body().contains("querier => Terminated"));
        // Nothing depends on the querier, and a module switched off on purpose does not make the server unready.
        assertEquals(200, skald.get("/ready").statusCode());
        assertEquals(200, skald.post("/admin/modules/metrics/disable").statusCode());
        assertTrue(skald.get("/ready").body().contains("waiting for module metrics to be Running"));
        assertEquals(503, skald.get("/ready").statusCode());
        assertEquals(200, skald.post("/admin/modules/metrics/enable").statusCode());
        assertEquals(200, skald.post("/admin/modules/querier/enable").statusCode());
        assertEquals(200, skald.get("/ready").statusCode());
    }
}
