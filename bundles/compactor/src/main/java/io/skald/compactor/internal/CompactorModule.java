// SPDX-License-Identifier: Apache-2.0
package io.skald.compactor.internal;

import io.skald.core.module.ModuleService;
import io.skald.spi.module.Module;
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
 * Module {@code compactor}: compacts the index and applies retention (bodies arrive later). Its place in the graph is final: the references below are
 * its dependencies, and it runs only while each of them is Running.
 */
@Component(
        name = CompactorConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@SkaldModule(Modules.COMPACTOR)
@Designate(ocd = CompactorConfig.class)
public final class CompactorModule implements ModuleService.Hooks {
    private static final Logger log = LoggerFactory.getLogger(CompactorModule.class);

    private final CompactorConfig config;
    private final ModuleService service;

    @Activate
    public CompactorModule(
            BundleContext context,
            CompactorConfig config,
            @Reference(target = Modules.METRICS_RUNNING) Module metrics,
            @Reference(target = Modules.SERVER_RUNNING) Module server,
            @Reference(target = Modules.STORE_RUNNING) Module store) {
        this.config = config;
        this.service = ModuleService.start(context, Modules.COMPACTOR, this);
    }

    @Override
    public void starting() throws IOException {
        Path dir = Path.of(config.pathPrefix(), "compactor");
        Files.createDirectories(dir);
        log.info("compactor keeps its files under {}", dir);
    }

    @Deactivate
    void deactivate() {
        service.stop();
    }
}
