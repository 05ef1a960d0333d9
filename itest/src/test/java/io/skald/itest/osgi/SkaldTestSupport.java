// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.skald.spi.module.Module;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Boots the real runtime bundle set (runtime/bundles, exactly what runtime/skald starts) in Felix,
 * on a free port of 127.0.0.1, with the flags a user would pass. Tests wait on module services, not
 * on HTTP polling.
 */
public abstract class SkaldTestSupport {
    static final String PORT_PROPERTY = "skald.itest.port";
    static final int MODULE_COUNT = 8;

    @Inject
    protected BundleContext context;

    /** Extra flags for this class's runtime, e.g. {@code -auth.enabled=true}. */
    protected List<String> extraFlags() {
        return List.of();
    }

    protected static Option[] baseOptions(String name, List<String> extraFlags) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> args = new ArrayList<>(List.of(
                "-server.http-listen-address=127.0.0.1",
                "-server.http-listen-port=" + port,
                "-common.path-prefix=" + new File("target/itest-data/" + name).getAbsolutePath()));
        args.addAll(extraFlags);
        List<Option> options = new ArrayList<>();
        File[] jars =
                new File(System.getProperty("skald.runtime.dir"), "bundles").listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("runtime/bundles is empty: build the runtime module first");
        }
        Arrays.sort(jars);
        for (File jar : jars) {
            String n = jar.getName();
            if (n.startsWith("org.apache.felix.gogo")) {
                continue; // the shell is off by default, as in runtime/skald
            }
            // SPI Fly first, then the slf4j provider: see runtime's Runtime for why.
            int level = n.startsWith("asm") || n.startsWith("org.apache.aries.spifly")
                    ? 2
                    : n.startsWith("slf4j-simple") ? 3 : 10;
            options.add(bundle(jar.toURI().toString()).startLevel(level));
        }
        File[] clients = new File(System.getProperty("skald.client.bundles")).listFiles((d, n) -> n.endsWith(".jar"));
        for (File jar : clients == null ? new File[0] : clients) {
            options.add(bundle(jar.toURI().toString()).startLevel(10));
        }
        options.add(junitBundles());
        options.add(frameworkStartLevel(20));
        options.add(frameworkProperty("skald.args").value(String.join("\n", args)));
        options.add(frameworkProperty(PORT_PROPERTY).value(String.valueOf(port)));
        options.add(
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"));
        return options.toArray(new Option[0]);
    }

    @Configuration
    public Option[] config() throws IOException {
        return baseOptions(getClass().getSimpleName(), extraFlags());
    }

    protected int port() {
        return Integer.parseInt(context.getProperty(PORT_PROPERTY));
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Waits until {@code count} modules publish themselves Running. */
    protected void awaitRunning(int count) throws Exception {
        Filter filter = FrameworkUtil.createFilter(
                "(&(objectClass=" + Module.class.getName() + ")(" + Module.STATE + "=Running))");
        ServiceTracker<Module, Module> tracker = new ServiceTracker<>(context, filter, null);
        tracker.open();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (tracker.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + tracker.size() + " of " + count + " modules are Running");
                }
                Thread.sleep(10);
            }
        } finally {
            tracker.close();
        }
    }

    protected static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    protected HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url(path)))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url(path)))
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
