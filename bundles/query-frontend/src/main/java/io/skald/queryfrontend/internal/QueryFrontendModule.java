// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import io.prometheus.client.CollectorRegistry;
import io.skald.spi.module.Module;
import io.skald.core.module.ModuleService;
import io.skald.spi.module.Modules;
import io.skald.core.module.Published;
import io.skald.spi.module.SkaldModule;
import io.skald.core.go.GoDuration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
@Component(name = QueryFrontendConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@SkaldModule(Modules.QUERY_FRONTEND)
@Designate(ocd = QueryFrontendConfig.class)
public final class QueryFrontendModule implements ModuleService.Hooks {
    private final BundleContext context;
    private final QueryFrontendConfig config;
    private final CollectorRegistry registry;
    private final ModuleService service;
    private ExecutorService pool;
    private FrontendMetrics metrics;
    private Published<Frontend> published;
    private java.util.concurrent.ScheduledExecutorService overridesWatcher;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QueryFrontendModule.class);

    @Activate
    public QueryFrontendModule(BundleContext context, QueryFrontendConfig config,
            @Reference(target = Modules.METRICS_RUNNING) Module metrics,
            @Reference(target = Modules.SERVER_RUNNING) Module server,
            @Reference CollectorRegistry registry) {
        this.context = context;
        this.config = config;
        this.registry = registry;
        this.service = ModuleService.start(context, Modules.QUERY_FRONTEND, this);
    }

    @Override
    public void starting() {
        Frontend.Settings settings = new Frontend.Settings(nanos(config.limits_splitQueriesByInterval()),
                nanos(config.limits_maxQueryLength()), nanos(config.limits_queryTimeout()), config.limits_maxQueryParallelism(),
                nanos(config.limits_maxCacheFreshnessPerQuery()), config.queryRange_cacheResults(),
                config.limits_maxEntriesLimitPerQuery());
        AtomicInteger n = new AtomicInteger();
        int threads = Math.max(2, Math.min(config.limits_maxQueryParallelism(), 2 * Runtime.getRuntime().availableProcessors()));
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "skald-query-frontend-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        metrics = new FrontendMetrics(registry);
        ResultsCache cache = new ResultsCache(config.queryRange_resultsCache_cache_embeddedCache_maxSizeMb() * 1024L * 1024L);
        Frontend frontend = new Frontend(settings, pool, cache, metrics);
        if (!config.runtimeConfig_file().isEmpty()) {
            java.nio.file.Path file = java.nio.file.Path.of(config.runtimeConfig_file()).toAbsolutePath();
            reload(frontend, settings, file);
            long period = Math.max(100, GoDuration.parse(config.runtimeConfig_period()).toMillis());
            overridesWatcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "skald-query-frontend-overrides");
                t.setDaemon(true);
                return t;
            });
            overridesWatcher.scheduleWithFixedDelay(() -> reload(frontend, settings, file), period, period,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        published = Published.register(context, Modules.QUERY_FRONTEND, Frontend.class, frontend);
    }

    /** Reads the runtime overrides file again; a broken file is logged and the limits in force stay. */
    private void reload(Frontend frontend, Frontend.Settings defaults, java.nio.file.Path file) {
        try {
            frontend.limits(QueryLimits.parse(defaults, java.nio.file.Files.readString(file)));
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("runtime overrides {} not applied: {}", file, e.getMessage());
        }
    }

    private static long nanos(String duration) {
        return GoDuration.parse(duration).toNanos();
    }

    @Override
    public void stopping(Throwable failure) {
        if (published != null) {
            published.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        if (overridesWatcher != null) {
            overridesWatcher.shutdownNow();
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
