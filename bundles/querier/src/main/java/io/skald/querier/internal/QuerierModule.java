// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

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
 * Module {@code querier}: runs LogQL over ingesters and the store (bodies arrive with the read path). Its place in the graph is final: the references below are
 * its dependencies, and it runs only while each of them is Running.
 */
@Component(name = QuerierConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@SkaldModule(Modules.QUERIER)
@Designate(ocd = QuerierConfig.class)
public final class QuerierModule implements ModuleService.Hooks {
    private static final Logger log = LoggerFactory.getLogger(QuerierModule.class);

    private final QuerierConfig config;
    private final ModuleService service;

    @Activate
    public QuerierModule(BundleContext context, QuerierConfig config,
            @Reference(target = Modules.METRICS_RUNNING) Module metrics,
            @Reference(target = Modules.SERVER_RUNNING) Module server,
            @Reference(target = Modules.STORE_RUNNING) Module store) {
        this.config = config;
        this.service = ModuleService.start(context, Modules.QUERIER, this);
    }

    @Deactivate
    void deactivate() {
        service.stop();
    }
}
