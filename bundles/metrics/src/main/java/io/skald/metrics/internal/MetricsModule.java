// SPDX-License-Identifier: Apache-2.0
package io.skald.metrics.internal;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.DefaultExports;
import io.skald.core.module.ModuleService;
import io.skald.core.module.Published;
import io.skald.spi.module.Module;
import io.skald.spi.module.Modules;
import io.skald.spi.module.SkaldModule;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Module {@code metrics}: owns a {@link CollectorRegistry} for its activation and publishes it as a
 * service, so other modules register their collectors on it and the registry's end takes them along.
 * A private registry rather than simpleclient's static default: a re-activation must start clean.
 */
@Component(
        name = MetricsConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@SkaldModule(Modules.METRICS)
@Designate(ocd = MetricsConfig.class)
public final class MetricsModule implements ModuleService.Hooks {
    private final BundleContext context;
    private final MetricsConfig config;
    private final ModuleService service;
    private Published<CollectorRegistry> published;

    @Activate
    public MetricsModule(
            BundleContext context, MetricsConfig config, @Reference(target = Modules.SERVER_RUNNING) Module server) {
        this.context = context;
        this.config = config;
        this.service = ModuleService.start(context, Modules.METRICS, this);
    }

    @Override
    public void starting() {
        CollectorRegistry registry = new CollectorRegistry(true);
        if (config.jvmMetrics()) {
            DefaultExports.register(registry);
        }
        published = Published.register(context, Modules.METRICS, CollectorRegistry.class, registry);
    }

    @Override
    public void stopping(Throwable failure) {
        if (published != null) {
            published.close();
        }
    }

    @Deactivate
    void deactivate() {
        service.stop();
    }
}
