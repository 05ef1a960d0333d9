// SPDX-License-Identifier: Apache-2.0
package io.skald.config;

import io.skald.spi.module.Modules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The module graph in one place, shaped like Loki's {@code deps} map. The DS {@code @Reference}s
 * of each module are the truth; this map mirrors them so a target can be resolved before anything
 * runs, and {@code ModuleGraphIT} fails if the two ever disagree.
 */
public final class Targets {
    public static final String ALL = "all";
    public static final String READ = "read";
    public static final String WRITE = "write";
    public static final String BACKEND = "backend";

    /** Module → the modules it needs Running. Aggregate targets list the modules they stand for. */
    public static final Map<String, List<String>> DEPS = deps();

    private static Map<String, List<String>> deps() {
        Map<String, List<String>> d = new LinkedHashMap<>();
        d.put(Modules.SERVER, List.of());
        d.put(Modules.METRICS, List.of(Modules.SERVER));
        d.put(Modules.STORE, List.of(Modules.METRICS));
        d.put(Modules.INGESTER, List.of(Modules.METRICS, Modules.SERVER, Modules.STORE));
        d.put(Modules.DISTRIBUTOR, List.of(Modules.METRICS, Modules.SERVER));
        d.put(Modules.QUERIER, List.of(Modules.METRICS, Modules.SERVER, Modules.STORE));
        d.put(Modules.QUERY_FRONTEND, List.of(Modules.METRICS, Modules.SERVER));
        d.put(Modules.COMPACTOR, List.of(Modules.METRICS, Modules.SERVER, Modules.STORE));
        // Fed by the ingester's acknowledged pushes (Loki tees them from the distributor instead).
        d.put(Modules.PATTERN_INGESTER, List.of(Modules.METRICS, Modules.SERVER, Modules.INGESTER));

        d.put(READ, List.of(Modules.QUERY_FRONTEND, Modules.QUERIER));
        // As in Loki, write and all include the pattern ingester; it runs only if pattern_ingester.enabled.
        d.put(WRITE, List.of(Modules.INGESTER, Modules.DISTRIBUTOR, Modules.PATTERN_INGESTER));
        d.put(BACKEND, List.of(Modules.COMPACTOR));
        d.put(
                ALL,
                List.of(
                        Modules.QUERY_FRONTEND,
                        Modules.QUERIER,
                        Modules.INGESTER,
                        Modules.PATTERN_INGESTER,
                        Modules.DISTRIBUTOR,
                        Modules.COMPACTOR));
        return Collections.unmodifiableMap(d);
    }

    /** The real modules (not the aggregate targets), in dependency-map order. */
    public static List<String> modules() {
        List<String> modules = new ArrayList<>();
        DEPS.keySet().stream().filter(Targets::isModule).forEach(modules::add);
        return modules;
    }

    public static boolean isModule(String name) {
        return !List.of(ALL, READ, WRITE, BACKEND).contains(name) && DEPS.containsKey(name);
    }

    /** Every module the given targets need, dependencies included. */
    public static Set<String> closure(Collection<String> targets) throws ConfigException {
        Set<String> out = new LinkedHashSet<>();
        for (String t : targets) {
            if (!DEPS.containsKey(t)) {
                throw new ConfigException("unrecognised module name: " + t);
            }
            visit(t, out);
        }
        return out;
    }

    private static void visit(String name, Set<String> out) {
        for (String dep : DEPS.get(name)) {
            visit(dep, out);
        }
        if (isModule(name)) {
            out.add(name);
        }
    }

    /** What {@code -list-targets} prints: each target with the modules it pulls in. */
    public static String describe() {
        StringBuilder b = new StringBuilder();
        for (String t : DEPS.keySet()) {
            try {
                Set<String> deps = new LinkedHashSet<>(closure(List.of(t)));
                deps.remove(t);
                b.append(t).append('\n');
                deps.forEach(dep -> b.append("  ").append(dep).append('\n'));
            } catch (ConfigException e) {
                throw new IllegalStateException(e);
            }
        }
        return b.toString();
    }

    private Targets() {}
}
