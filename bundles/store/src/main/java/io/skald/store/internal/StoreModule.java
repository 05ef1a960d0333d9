// SPDX-License-Identifier: Apache-2.0
package io.skald.store.internal;

import io.skald.spi.module.Module;
import io.skald.spi.module.ModuleService;
import io.skald.spi.module.Modules;
import io.skald.spi.module.SkaldModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Module {@code store}: chunks and index in the object store (bodies arrive with the write path). Its place in the graph is final: the references below are
 * its dependencies, and it runs only while each of them is Running.
 */
@Component(name = StoreConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@SkaldModule(Modules.STORE)
@Designate(ocd = StoreConfig.class)
public final class StoreModule implements ModuleService.Hooks {
    private static final Logger log = LoggerFactory.getLogger(StoreModule.class);

    private final StoreConfig config;
    private final ModuleService service;

    @Activate
    public StoreModule(BundleContext context, StoreConfig config,
            @Reference(target = Modules.METRICS_RUNNING) Module metrics) {
        this.config = config;
        this.service = ModuleService.start(context, Modules.STORE, this);
    }

    @Override
    public void starting() throws IOException {
        Path dir = Path.of(config.pathPrefix(), "store");
        Files.createDirectories(dir);
        log.info("store keeps its files under {}", dir);
    }

    @Deactivate
    void deactivate() {
        service.stop();
    }
}
