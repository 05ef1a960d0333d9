// SPDX-License-Identifier: Apache-2.0
package io.skald.metrics.internal;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.DefaultExports;
import io.skald.spi.module.Module;
import io.skald.spi.module.ModuleService;
import io.skald.spi.module.Modules;
import io.skald.spi.module.SkaldModule;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
@Component(name = MetricsConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@SkaldModule(Modules.METRICS)
@Designate(ocd = MetricsConfig.class)
public final class MetricsModule implements ModuleService.Hooks {
    private final BundleContext context;
    private final MetricsConfig config;
    private final ModuleService service;
    private ServiceRegistration<CollectorRegistry> registration;

    @Activate
    public MetricsModule(BundleContext context, MetricsConfig config,
                         @Reference(target = Modules.SERVER_RUNNING) Module server) {
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
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Module.NAME, Modules.METRICS);
        registration = context.registerService(CollectorRegistry.class, registry, props);
    }

    @Override
    public void stopping(Throwable failure) {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

    @Deactivate
    void deactivate() {
        service.stop();
    }
}
