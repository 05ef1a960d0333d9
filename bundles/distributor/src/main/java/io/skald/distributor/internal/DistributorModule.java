// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.prometheus.client.CollectorRegistry;
import io.skald.core.module.ModuleService;
import io.skald.core.module.Published;
import io.skald.ingester.api.Ingester;
import io.skald.limits.api.TenantLimits;
import io.skald.spi.module.Module;
import io.skald.spi.module.Modules;
import io.skald.spi.module.SkaldModule;
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
@Component(
        name = DistributorConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@SkaldModule(Modules.DISTRIBUTOR)
@Designate(ocd = DistributorConfig.class)
public final class DistributorModule implements ModuleService.Hooks {
    private final BundleContext context;
    private final DistributorConfig config;
    private final CollectorRegistry registry;
    private final TenantLimits limits;
    private final ModuleService service;
    private DistributorMetrics metrics;
    private Published<Distributor> published;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Ingester ingester;

    @Activate
    public DistributorModule(
            BundleContext context,
            DistributorConfig config,
            @Reference(target = Modules.METRICS_RUNNING) Module metrics,
            @Reference(target = Modules.SERVER_RUNNING) Module server,
            @Reference CollectorRegistry registry,
            @Reference TenantLimits limits) {
        this.context = context;
        this.limits = limits;
        this.config = config;
        this.registry = registry;
        this.service = ModuleService.start(context, Modules.DISTRIBUTOR, this);
    }

    @Override
    public void starting() {
        metrics = new DistributorMetrics(registry);
        Distributor distributor = new Distributor(limits, config.maxRecvMsgSize(), () -> ingester, metrics);
        published = Published.register(context, Modules.DISTRIBUTOR, Distributor.class, distributor);
    }

    @Override
    public void stopping(Throwable failure) {
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
