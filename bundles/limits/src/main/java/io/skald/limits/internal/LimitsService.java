// SPDX-License-Identifier: Apache-2.0
package io.skald.limits.internal;

import io.skald.core.go.GoDuration;
import io.skald.limits.api.Limits;
import io.skald.limits.api.TenantLimits;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link TenantLimits}: Loki's {@code Overrides}. Not a module: it has no state worth a
 * lifecycle and every module needs it, so it is a plain service that is there whenever its
 * configuration is. Edits are taken in place ({@code @Modified}), so a changed limit never
 * restarts the modules that read it; they see it on their next request.
 */
@Component(
        name = LimitsServiceConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = TenantLimits.class)
@Designate(ocd = LimitsServiceConfig.class)
public final class LimitsService implements TenantLimits {
    private static final Logger log = LoggerFactory.getLogger(LimitsService.class);

    private record Snapshot(Limits defaults, Map<String, Limits> tenants) {}

    private final AtomicLong version = new AtomicLong();
    private final UnenforcedLimits unenforced = new UnenforcedLimits();
    private volatile Snapshot snapshot = new Snapshot(LimitsTable.lokiDefaults(), Map.of());
    /** The last {@code limits_config} and overrides file that read well: rebuilt together when either changes. */
    private Map<String, Object> section = Map.of();

    private Map<String, Map<String, Object>> overrides = Map.of();
    private OverridesWatcher watcher;
    private String watched = "";

    @Activate
    @Modified
    synchronized void configure(LimitsServiceConfig config) {
        try {
            section = LimitsYaml.limitsSection(config.limitsConfig());
        } catch (IllegalArgumentException e) {
            // The launcher and the config watcher refuse such a file first; this is ConfigAdmin fed by hand.
            log.error("limits_config cannot be used; the limits in force stay: {}", e.getMessage());
        }
        rebuild();
        String wanted = config.runtimeConfig_file().isEmpty()
                ? ""
                : config.runtimeConfig_file() + "\n" + config.runtimeConfig_period();
        if (!wanted.equals(watched)) {
            stopWatching();
            overrides = Map.of();
            watched = wanted;
            if (!wanted.isEmpty()) {
                Path file = Path.of(config.runtimeConfig_file()).toAbsolutePath();
                long period = GoDuration.parse(config.runtimeConfig_period()).toMillis();
                watcher = new OverridesWatcher(file, period, this::overridesChanged);
            }
            rebuild();
        }
    }

    private synchronized void overridesChanged(Map<String, Map<String, Object>> next) {
        overrides = next;
        rebuild();
    }

    private void rebuild() {
        Limits defaults = LimitsTable.apply(LimitsTable.lokiDefaults(), section);
        Map<String, Limits> tenants = new LinkedHashMap<>();
        overrides.forEach((tenant, values) -> tenants.put(tenant, LimitsTable.apply(defaults, values)));
        snapshot = new Snapshot(defaults, Map.copyOf(tenants));
        version.incrementAndGet();
        unenforced.warnAbout(section, overrides);
    }

    /** Reads the overrides file now rather than at the next period (tests). */
    void pollNow() {
        OverridesWatcher w;
        synchronized (this) {
            w = watcher;
        }
        if (w != null) {
            w.poll();
        }
    }

    @Deactivate
    synchronized void deactivate() {
        stopWatching();
    }

    private void stopWatching() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    @Override
    public Limits forTenant(String tenant) {
        Snapshot s = snapshot;
        return s.tenants.getOrDefault(tenant, s.defaults);
    }

    @Override
    public Limits defaults() {
        return snapshot.defaults;
    }

    @Override
    public long version() {
        return version.get();
    }
}
