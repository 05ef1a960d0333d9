// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.status;

import io.skald.spi.module.Module;
import io.skald.spi.module.State;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * The live module graph, read from SCR rather than kept on the side: a module is a component
 * carrying {@code skald.module}; its edges are its references' targets; its state comes from its
 * component configuration and, once active, from its {@link Module} service. Enabling and disabling
 * a module is SCR's own enable/disable of that component, so its dependents fall and rise on their own.
 */
@Component(service = ModuleRegistry.class)
public final class ModuleRegistry {
    private static final Pattern MODULE_IN_FILTER = Pattern.compile("\\(" + Pattern.quote(Module.NAME) + "=([^)]+)\\)");

    private final ServiceComponentRuntime scr;
    private final ConfigurationAdmin configAdmin;
    private final BundleContext context;

    @Activate
    public ModuleRegistry(
            @Reference ServiceComponentRuntime scr, @Reference ConfigurationAdmin configAdmin, BundleContext context) {
        this.scr = scr;
        this.configAdmin = configAdmin;
        this.context = context;
    }

    /** Every module component known to SCR, by name. */
    public List<ModuleView> modules() {
        Map<String, ModuleView> byName = new TreeMap<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            Object name = d.properties.get(Module.NAME);
            if (name != null) {
                byName.put(name.toString(), view(name.toString(), d));
            }
        }
        return new ArrayList<>(byName.values());
    }

    /** The modules of the current target, i.e. those whose state counts for {@code /ready} and {@code /services}. */
    public List<ModuleView> targeted() {
        return modules().stream().filter(ModuleView::inTarget).toList();
    }

    public ModuleView module(String name) {
        ComponentDescriptionDTO d = description(name);
        return d == null ? null : view(name, d);
    }

    /** The outcome of one switch, for the admin endpoint and the shell. */
    public record Switch(String module, String action, double tookMillis, Map<String, String> states) {}

    /** Disables a module; returns once it and every module that depended on it have let go. */
    public Switch disable(String name) throws Exception {
        ComponentDescriptionDTO d = require(name);
        long start = System.nanoTime();
        scr.disableComponent(d).getValue();
        double took = (System.nanoTime() - start) / 1e6;
        return new Switch(name, "disable", took, states());
    }

    /**
     * Enables a module; returns once it and every targeted module whose dependencies are now all
     * Running are Running again (or {@code timeoutMillis} passed; the states then say what is missing).
     */
    public Switch enable(String name, long timeoutMillis) throws Exception {
        ComponentDescriptionDTO d = require(name);
        long start = System.nanoTime();
        scr.enableComponent(d).getValue();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!settled() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        double took = (System.nanoTime() - start) / 1e6;
        return new Switch(name, "enable", took, states());
    }

    /** Nothing enabled in the target is on its way anywhere: each is Running, Failed, or waiting on a disabled/failed module. */
    private boolean settled() {
        List<ModuleView> views = targeted();
        Map<String, ModuleView> byName = new TreeMap<>();
        views.forEach(v -> byName.put(v.name(), v));
        for (ModuleView v : views) {
            if (!v.enabled() || v.state() == State.RUNNING || v.state() == State.FAILED) {
                continue;
            }
            if (v.state() == State.NEW && blockedForGood(v, byName, new LinkedHashSet<>())) {
                continue;
            }
            return false;
        }
        return true;
    }

    private static boolean blockedForGood(ModuleView v, Map<String, ModuleView> byName, Set<String> seen) {
        if (!seen.add(v.name())) {
            return false;
        }
        for (String dep : v.dependsOn()) {
            ModuleView d = byName.get(dep);
            if (d == null
                    || !d.enabled()
                    || d.state() == State.FAILED
                    || (d.state() == State.NEW && blockedForGood(d, byName, seen))) {
                return true;
            }
        }
        return false;
    }

    private Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        for (ModuleView v : targeted()) {
            states.put(v.name(), String.valueOf(v.state()));
        }
        return states;
    }

    private ComponentDescriptionDTO require(String name) {
        ComponentDescriptionDTO d = description(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown module \"" + name + "\"");
        }
        return d;
    }

    private ComponentDescriptionDTO description(String name) {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (name.equals(String.valueOf(d.properties.get(Module.NAME)))) {
                return d;
            }
        }
        return null;
    }

    private ModuleView view(String name, ComponentDescriptionDTO d) {
        boolean inTarget = hasConfiguration(d);
        boolean enabled = scr.isComponentEnabled(d);
        List<String> deps = dependencies(d);
        Bundle bundle = context.getBundle(d.bundle.id);
        ModuleView.BundleView bundleView = new ModuleView.BundleView(
                d.bundle.id,
                d.bundle.symbolicName,
                bundle == null ? "" : bundle.getVersion().toString(),
                bundle == null ? "UNINSTALLED" : bundleState(bundle));
        if (!inTarget) {
            return new ModuleView(name, false, enabled, null, "not part of the target", deps, bundleView);
        }
        if (!enabled) {
            return new ModuleView(name, true, false, State.TERMINATED, "disabled", deps, bundleView);
        }
        Collection<ComponentConfigurationDTO> configs = scr.getComponentConfigurationDTOs(d);
        if (configs.isEmpty()) {
            return new ModuleView(name, true, true, State.NEW, "waiting for its configuration", deps, bundleView);
        }
        ComponentConfigurationDTO c = configs.iterator().next();
        return switch (c.state) {
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE ->
                new ModuleView(name, true, true, State.NEW, "waiting for " + waitingFor(c), deps, bundleView);
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION ->
                new ModuleView(name, true, true, State.NEW, "waiting for its configuration", deps, bundleView);
            case ComponentConfigurationDTO.FAILED_ACTIVATION ->
                new ModuleView(name, true, true, State.FAILED, firstLine(c.failure), deps, bundleView);
            case ComponentConfigurationDTO.ACTIVE -> live(name, d.bundle.id, deps, bundleView);
            default -> new ModuleView(name, true, true, State.STARTING, "activating", deps, bundleView);
        };
    }

    private ModuleView live(String name, long bundleId, List<String> deps, ModuleView.BundleView bundleView) {
        try {
            for (ServiceReference<Module> ref :
                    context.getServiceReferences(Module.class, "(" + Module.NAME + "=" + name + ")")) {
                if (ref.getBundle() == null || ref.getBundle().getBundleId() != bundleId) {
                    continue;
                }
                State state = State.fromDisplayName(String.valueOf(ref.getProperty(Module.STATE)));
                String reason = null;
                if (state == State.FAILED) {
                    Module m = context.getService(ref);
                    try {
                        reason = m == null || m.failure() == null ? "failed" : String.valueOf(m.failure());
                    } finally {
                        context.ungetService(ref);
                    }
                }
                return new ModuleView(name, true, true, state, reason, deps, bundleView);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        return new ModuleView(name, true, true, State.STARTING, "activating", deps, bundleView);
    }

    private String waitingFor(ComponentConfigurationDTO c) {
        List<String> missing = new ArrayList<>();
        for (UnsatisfiedReferenceDTO u : c.unsatisfiedReferences) {
            Matcher m = u.target == null ? null : MODULE_IN_FILTER.matcher(u.target);
            missing.add(m != null && m.find() ? "module " + m.group(1) + " to be Running" : "service " + u.name);
        }
        return String.join(", ", missing);
    }

    private static List<String> dependencies(ComponentDescriptionDTO d) {
        Set<String> deps = new LinkedHashSet<>();
        for (ReferenceDTO r : d.references) {
            if (r.target != null) {
                Matcher m = MODULE_IN_FILTER.matcher(r.target);
                while (m.find()) {
                    deps.add(m.group(1));
                }
            }
        }
        List<String> sorted = new ArrayList<>(deps);
        sorted.sort(Comparator.naturalOrder());
        return sorted;
    }

    private boolean hasConfiguration(ComponentDescriptionDTO d) {
        try {
            for (String pid : d.configurationPid) {
                if (configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")") != null) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read configurations", e);
        }
    }

    static String bundleState(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "activation failed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
