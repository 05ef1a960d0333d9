// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.prometheus.client.CollectorRegistry;
import io.skald.ingester.api.Ingester;
import io.skald.spi.module.Module;
import io.skald.core.module.ModuleService;
import io.skald.spi.module.Modules;
import io.skald.core.module.Published;
import io.skald.spi.module.SkaldModule;
import io.skald.core.go.GoDuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Module {@code distributor}. The ingester is an optional, dynamic reference on purpose: when the
 * ingester module is off (or, later, remote and unreachable) the push API stays up and answers
 * 503, so clients retry instead of being told the endpoint does not exist.
 */
@Component(name = DistributorConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@SkaldModule(Modules.DISTRIBUTOR)
@Designate(ocd = DistributorConfig.class)
public final class DistributorModule implements ModuleService.Hooks {
    private static final Logger log = LoggerFactory.getLogger(DistributorModule.class);
    private final BundleContext context;
    private final DistributorConfig config;
    private final CollectorRegistry registry;
    private final ModuleService service;
    private DistributorMetrics metrics;
    private Published<Distributor> published;
    private Path overrides;
    private FileTime lastModified;
    private ScheduledExecutorService watcher;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Ingester ingester;

    @Activate
    public DistributorModule(BundleContext context, DistributorConfig config,
                             @Reference(target = Modules.METRICS_RUNNING) Module metrics,
                             @Reference(target = Modules.SERVER_RUNNING) Module server,
                             @Reference CollectorRegistry registry) {
        this.context = context;
        this.config = config;
        this.registry = registry;
        this.service = ModuleService.start(context, Modules.DISTRIBUTOR, this);
    }

    @Override
    public void starting() throws Exception {
        metrics = new DistributorMetrics(registry);
        Limits defaults = Limits.of(config);
        overrides = config.runtimeConfig_file().isEmpty() ? null : Path.of(config.runtimeConfig_file()).toAbsolutePath();
        TenantLimits limits = overrides == null ? new TenantLimits(defaults, Map.of()) : loadOverrides(defaults);
        Distributor distributor = new Distributor(limits, config.maxRecvMsgSize(), () -> ingester, metrics);
        if (overrides != null) {
            long period = GoDuration.parse(config.runtimeConfig_period()).toMillis();
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "skald-runtime-config");
                t.setDaemon(true);
                return t;
            });
            watcher.scheduleWithFixedDelay(() -> reload(distributor, defaults), period, period, TimeUnit.MILLISECONDS);
        }
        published = Published.register(context, Modules.DISTRIBUTOR, Distributor.class, distributor);
    }

    /** The first load must succeed: a broken overrides file stops the module with the reason. */
    private TenantLimits loadOverrides(Limits defaults) throws IOException {
        lastModified = Files.getLastModifiedTime(overrides);
        TenantLimits limits = TenantLimits.parse(defaults, Files.readString(overrides));
        log.info("runtime overrides {} loaded: {} tenants overridden", overrides, limits.overridden());
        return limits;
    }

    /** Later edits apply live; a broken edit is logged and the limits in force are kept. */
    private void reload(Distributor distributor, Limits defaults) {
        try {
            FileTime modified = Files.getLastModifiedTime(overrides);
            if (modified.equals(lastModified)) {
                return;
            }
            lastModified = modified;
            TenantLimits next = TenantLimits.parse(defaults, Files.readString(overrides));
            distributor.setLimits(next);
            log.info("runtime overrides {} reloaded: {} tenants overridden", overrides, next.overridden());
        } catch (Exception e) {
            log.error("runtime overrides {} cannot be used, keeping the limits in force: {}", overrides, e.getMessage());
        }
    }

    @Override
    public void stopping(Throwable failure) throws InterruptedException {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (published != null) {
            published.close();
        }
        if (metrics != null) {
            metrics.unregister();
        }
    }

    @Deactivate
    void deactivate() {
        service.stop();
    }
}
