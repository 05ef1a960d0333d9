// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import io.skald.core.module.ModuleService;
import io.skald.core.module.Published;
import io.skald.ingester.api.Ingester;
import io.skald.limits.api.TenantLimits;
import io.skald.querier.api.QueryHandler;
import io.skald.querier.internal.read.MultiTenantQuerier;
import io.skald.querier.internal.read.Querier;
import io.skald.spi.module.Module;
import io.skald.spi.module.Modules;
import io.skald.spi.module.SkaldModule;
import io.skald.store.api.ChunkStore;
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
 * Module {@code querier}. The ingester is optional and dynamic, as for the distributor: with the
 * ingester off (or, later, remote and gone) queries still answer from the store.
 */
@Component(
        name = QuerierConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@SkaldModule(Modules.QUERIER)
@Designate(ocd = QuerierConfig.class)
public final class QuerierModule implements ModuleService.Hooks {
    private final BundleContext context;
    private final QuerierConfig config;
    private final ChunkStore store;
    private final TenantLimits limits;
    private final ModuleService service;
    private Published<QueryService> published;
    private Published<QueryHandler> handler;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Ingester ingester;

    @Activate
    public QuerierModule(
            BundleContext context,
            QuerierConfig config,
            @Reference(target = Modules.METRICS_RUNNING) Module metrics,
            @Reference(target = Modules.SERVER_RUNNING) Module server,
            @Reference(target = Modules.STORE_RUNNING) Module storeModule,
            @Reference ChunkStore store,
            @Reference TenantLimits limits) {
        this.limits = limits;
        this.context = context;
        this.config = config;
        this.store = store;
        this.service = ModuleService.start(context, Modules.QUERIER, this);
    }

    @Override
    public void starting() {
        Querier querier = config.multiTenantQueriesEnabled()
                ? new MultiTenantQuerier(store, () -> ingester)
                : new Querier(store, () -> ingester);
        QueryService queries = new QueryService(querier, limits);
        published = Published.register(context, Modules.QUERIER, QueryService.class, queries);
        handler = Published.register(context, Modules.QUERIER, QueryHandler.class, queries);
    }

    @Override
    public void stopping(Throwable failure) {
        if (handler != null) {
            handler.close();
        }
        if (published != null) {
            published.close();
        }
    }

    @Deactivate
    void deactivate() {
        service.stop();
    }
}
