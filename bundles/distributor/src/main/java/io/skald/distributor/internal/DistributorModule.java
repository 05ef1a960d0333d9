// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.skald.spi.module.Module;
import io.skald.spi.module.ModuleService;
import io.skald.spi.module.Modules;
import io.skald.spi.module.SkaldModule;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Module {@code distributor}: validates pushes and routes streams to ingesters (bodies arrive with the write path). Its place in the graph is final: the references below are
 * its dependencies, and it runs only while each of them is Running.
 */
@Component(name = DistributorConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@SkaldModule(Modules.DISTRIBUTOR)
@Designate(ocd = DistributorConfig.class)
public final class DistributorModule implements ModuleService.Hooks {
    private static final Logger log = LoggerFactory.getLogger(DistributorModule.class);

    private final DistributorConfig config;
    private final ModuleService service;

    @Activate
    public DistributorModule(BundleContext context, DistributorConfig config,
            @Reference(target = Modules.METRICS_RUNNING) Module metrics,
            @Reference(target = Modules.SERVER_RUNNING) Module server) {
        this.config = config;
        this.service = ModuleService.start(context, Modules.DISTRIBUTOR, this);
    }

    @Deactivate
    void deactivate() {
        service.stop();
    }
}
