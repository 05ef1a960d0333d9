// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.status;

import io.skald.core.concurrent.Threads;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What went wrong deploying: bundles that did not start (with the requirements nothing provides)
 * and jars in the deploy folder that are no bundle at all, which FileInstall passes over in
 * silence. {@code /modules} lists them; each is also logged once when first seen.
 */
@Component(service = DeployMonitor.class)
public final class DeployMonitor {
    private static final Logger log = LoggerFactory.getLogger(DeployMonitor.class);

    /** One problem, as {@code /modules} shows it. */
    public record Problem(String bundle, String location, String state, String problem) {}

    private final BundleContext context;
    private final ScheduledExecutorService checker =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("skald-deploy-monitor"));
    private final Set<String> reported = new HashSet<>();

    @Activate
    public DeployMonitor(BundleContext context) {
        this.context = context;
        checker.scheduleWithFixedDelay(this::logNewProblems, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        checker.shutdownNow();
    }

    private synchronized void logNewProblems() {
        if (context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState() != Bundle.ACTIVE) {
            return; // starting up or shutting down: bundles not being active is expected then
        }
        try {
            Set<String> now = new HashSet<>();
            for (Problem p : problems()) {
                String key = p.location() + " " + p.problem();
                now.add(key);
                if (reported.add(key)) {
                    log.error("deploy problem: {} ({}): {}", p.bundle(), p.location(), p.problem());
                }
            }
            reported.retainAll(now); // a problem that clears and comes back is reported again
        } catch (RuntimeException e) {
            log.debug("deploy check failed", e);
        }
    }

    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        FrameworkWiring wiring =
                context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        Set<String> locations = new HashSet<>();
        for (Bundle b : context.getBundles()) {
            locations.add(b.getLocation());
            boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            boolean lazyAndResolved =
                    Constants.ACTIVATION_LAZY.equals(b.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY))
                            && b.getState() == Bundle.RESOLVED; // starts on first use of its classes
            if (fragment || lazyAndResolved || b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING) {
                continue;
            }
            List<String> missing = new ArrayList<>();
            BundleRevision revision = b.adapt(BundleRevision.class);
            if (revision != null && b.getState() == Bundle.INSTALLED) {
                for (BundleRequirement req : revision.getDeclaredRequirements(null)) {
                    boolean optional = Constants.RESOLUTION_OPTIONAL.equals(
                            req.getDirectives().get(Constants.RESOLUTION_DIRECTIVE));
                    if (!optional && wiring.findProviders(req).isEmpty()) {
                        missing.add(
                                req.getNamespace() + " " + req.getDirectives().getOrDefault("filter", ""));
                    }
                }
            }
            problems.add(new Problem(
                    b.getSymbolicName() == null ? b.getLocation() : b.getSymbolicName(),
                    b.getLocation(),
                    ModuleRegistry.bundleState(b),
                    missing.isEmpty() ? "not started" : "unresolved: missing " + String.join("; ", missing)));
        }
        String deployDir = context.getProperty("felix.fileinstall.dir");
        File[] jars = deployDir == null ? null : new File(deployDir).listFiles((dir, name) -> name.endsWith(".jar"));
        for (File f : jars == null ? new File[0] : jars) {
            if (!locations.contains(f.toURI().toString())
                    && !locations.contains(f.getAbsoluteFile().toURI().toString())
                    && !isBundle(f)) {
                problems.add(new Problem(
                        f.getName(), f.getPath(), "NOT_INSTALLED", "not installed: not a valid OSGi bundle jar"));
            }
        }
        return problems;
    }

    /** A jar FileInstall will install: a readable zip whose manifest names a bundle. */
    private static boolean isBundle(File f) {
        try (JarFile jar = new JarFile(f)) {
            var manifest = jar.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
