// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.prometheus.client.CollectorRegistry;
import io.skald.ingester.api.Ingester;
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
    private final BundleContext context;
    private final DistributorConfig config;
    private final CollectorRegistry registry;
    private final ModuleService service;
    private DistributorMetrics metrics;
    private ServiceRegistration<Distributor> registration;

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
    public void starting() {
        metrics = new DistributorMetrics(registry);
        Distributor distributor = new Distributor(Limits.of(config), config.maxRecvMsgSize(), () -> ingester, metrics);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Module.NAME, Modules.DISTRIBUTOR);
        registration = context.registerService(Distributor.class, distributor, props);
    }

    @Override
    public void stopping(Throwable failure) {
        if (registration != null) {
            registration.unregister();
            registration = null;
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
