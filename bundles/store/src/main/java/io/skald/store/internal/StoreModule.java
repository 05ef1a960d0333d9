// SPDX-License-Identifier: Apache-2.0
package io.skald.store.internal;

import io.skald.core.module.ModuleService;
import io.skald.core.module.Published;
import io.skald.spi.module.Module;
import io.skald.spi.module.Modules;
import io.skald.spi.module.SkaldModule;
import io.skald.spi.storage.ObjectStore;
import io.skald.store.api.ChunkStore;
import io.skald.store.chunks.ObjectChunkStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Module {@code store}: publishes a {@link ChunkStore} over the best-ranked {@link ObjectStore}.
 * The reference is static and greedy: when a better-ranked object store plugin arrives, the module
 * restarts on it, and its dependents with it.
 */
@Component(
        name = StoreConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@SkaldModule(Modules.STORE)
@Designate(ocd = StoreConfig.class)
public final class StoreModule implements ModuleService.Hooks {
    private static final Logger log = LoggerFactory.getLogger(StoreModule.class);

    private final BundleContext context;
    private final ObjectStore objects;
    private final ModuleService service;
    private Published<ChunkStore> published;

    @Activate
    public StoreModule(
            BundleContext context,
            @Reference(target = Modules.METRICS_RUNNING) Module metrics,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) ObjectStore objects) {
        this.context = context;
        this.objects = objects;
        this.service = ModuleService.start(context, Modules.STORE, this);
    }

    @Override
    public void starting() {
        published = Published.register(context, Modules.STORE, ChunkStore.class, new ObjectChunkStore(objects));
        log.info("store uses object store {}", objects.getClass().getSimpleName());
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
