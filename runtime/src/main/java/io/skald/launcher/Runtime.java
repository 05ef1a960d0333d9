// SPDX-License-Identifier: Apache-2.0
package io.skald.launcher;

import io.skald.config.SkaldConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Boots Felix with every jar of {@code bundles/} and hands {@code deploy/} to FileInstall.
 *
 * <p>Start order matters for one reason: SPI Fly must be up before the bundles whose
 * {@code ServiceLoader} lookups it rewires (slf4j's provider, Jetty's HTTP/2 HPACK encoders), and
 * slf4j-simple before any bundle that logs, else logging falls back to NOP. Everything else is
 * ordered by DS references, not by start order.
 */
final class Runtime {
    private static final List<String> FIRST = List.of(
            "org.objectweb.asm",
            "org.apache.aries.spifly",
            "slf4j.simple",
            "org.apache.felix.configadmin",
            "org.apache.felix.scr");
    private static final String SHELL_PREFIX = "org.apache.felix.gogo";

    /** Held so the level set on it is not lost to garbage collection of the logger. */
    private static final java.util.logging.Logger SPIFLY_LOG =
            java.util.logging.Logger.getLogger("org.apache.aries.spifly");

    private final Path home;
    private final SkaldConfig config;
    private final List<String> args;
    private Framework framework;

    Runtime(Path home, SkaldConfig config, List<String> args) {
        this.home = home;
        this.config = config;
        this.args = args;
    }

    void start() throws Exception {
        configureLogging();
        Path data = config.dataDir();
        Files.createDirectories(data);
        // -Dskald.deploy.dir moves the watched folder (packagers, and tests that must not touch the checkout).
        Path deploy = Path.of(System.getProperty(
                        "skald.deploy.dir", home.resolve("deploy").toString()))
                .toAbsolutePath();
        Files.createDirectories(deploy);
        boolean shell = config.flags().bool("shell.enabled");

        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, data.resolve("osgi-cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put("felix.fileinstall.dir", deploy.toString());
        props.put("felix.fileinstall.poll", System.getProperty("skald.deploy.poll.millis", "500"));
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.log.level", "3");
        props.put("felix.log.level", "1");
        props.put("skald.args", String.join("\n", args));
        props.put("skald.home", home.toString());
        if (shell) {
            props.put("gosh.args", "--noshutdown");
        }
        FrameworkFactory factory =
                ServiceLoader.load(FrameworkFactory.class).iterator().next();
        framework = factory.newFramework(props);
        framework.init();

        List<Bundle> installed = new ArrayList<>();
        for (Path jar : bundleJars(home.resolve("bundles"))) {
            if (!shell && jar.getFileName().toString().startsWith(SHELL_PREFIX)) {
                continue; // the shell ships, but is installed only when asked for
            }
            try {
                installed.add(
                        framework.getBundleContext().installBundle(jar.toUri().toString()));
            } catch (BundleException e) {
                log("cannot install " + jar.getFileName() + ": " + e.getMessage());
            }
        }
        framework.start();
        installed.sort(Comparator.comparingInt(Runtime::startRank));
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException e) {
                log("cannot start " + b.getSymbolicName() + ": " + e.getMessage());
            }
        }
    }

    private static List<Path> bundleJars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static int startRank(Bundle b) {
        String bsn = b.getSymbolicName() == null ? "" : b.getSymbolicName();
        for (int i = 0; i < FIRST.size(); i++) {
            if (bsn.startsWith(FIRST.get(i))) {
                return i;
            }
        }
        return FIRST.size();
    }

    /** slf4j-simple reads system properties; set them before its bundle starts. */
    private void configureLogging() {
        // SPI Fly reports each provider it wires through java.util.logging; that is start-up noise.
        SPIFLY_LOG.setLevel(java.util.logging.Level.WARNING);
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", config.logLevel());
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "false");
        // Jetty and gRPC are chatty at info about their own start-up; their warnings still show.
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setDefault("org.slf4j.simpleLogger.log.io.grpc", "warn");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    void log(String message) {
        System.err.println(java.time.OffsetDateTime.now() + " INFO skald - " + message);
    }

    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** Graceful: each module stops after its dependents, Jetty drains requests in flight. */
    void stop() {
        try {
            if (framework != null && (framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                log("stopping");
                framework.stop();
                framework.waitForStop(60_000);
            }
        } catch (Exception e) {
            System.err.println("error while stopping: " + e);
        }
    }
}
