// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import io.prometheus.client.CollectorRegistry;
import io.skald.core.concurrent.Threads;
import io.skald.core.module.ModuleService;
import io.skald.core.module.Published;
import io.skald.limits.api.TenantLimits;
import io.skald.spi.module.Module;
import io.skald.spi.module.Modules;
import io.skald.spi.module.SkaldModule;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Module {@code query-frontend}: while Running it publishes the {@link Frontend} that
 * {@link FrontendRoutes} put in front of the querier's query_range. Like Loki's, it does not depend
 * on the querier module: the querier is what it sends work to, found as a service when it exists.
 */
@Component(
        name = QueryFrontendConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@SkaldModule(Modules.QUERY_FRONTEND)
@Designate(ocd = QueryFrontendConfig.class)
public final class QueryFrontendModule implements ModuleService.Hooks {
    private final BundleContext context;
    private final QueryFrontendConfig config;
    private final CollectorRegistry registry;
    private final TenantLimits limits;
    private final ModuleService service;
    private ExecutorService pool;
    private FrontendMetrics metrics;
    private Published<Frontend> published;

    @Activate
    public QueryFrontendModule(
            BundleContext context,
            QueryFrontendConfig config,
            @Reference(target = Modules.METRICS_RUNNING) Module metrics,
            @Reference(target = Modules.SERVER_RUNNING) Module server,
            @Reference CollectorRegistry registry,
            @Reference TenantLimits limits) {
        this.context = context;
        this.limits = limits;
        this.config = config;
        this.registry = registry;
        this.service = ModuleService.start(context, Modules.QUERY_FRONTEND, this);
    }

    @Override
    public void starting() {
        // sized by limits_config's parallelism; a tenant's own max_query_parallelism is enforced per query
        int parallelism = limits.defaults().maxQueryParallelism();
        int threads = Math.max(2, Math.min(parallelism, 2 * Runtime.getRuntime().availableProcessors()));
        pool = Executors.newFixedThreadPool(threads, Threads.daemon("skald-query-frontend"));
        metrics = new FrontendMetrics(registry);
        ResultsCache cache =
                new ResultsCache(config.queryRange_resultsCache_cache_embeddedCache_maxSizeMb() * 1024L * 1024L);
        Frontend frontend = new Frontend(
                limits,
                config.queryRange_cacheResults(),
                config.queryRange_paralleliseShardableQueries(),
                pool,
                cache,
                metrics);
        published = Published.register(context, Modules.QUERY_FRONTEND, Frontend.class, frontend);
    }

    @Override
    public void stopping(Throwable failure) {
        if (published != null) {
            published.close();
        }
        if (pool != null) {
            pool.shutdownNow();
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
