// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

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
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Module {@code pattern-ingester}, Loki's pattern ingester. Loki tees pushes to it from the
 * distributor; here it observes the ingester's acknowledged pushes, so it depends on the ingester.
 * It has a configuration only when {@code pattern_ingester.enabled} is true (see SkaldConfig), so
 * by default it never activates, as in Loki. Patterns live in memory for {@code retain_for}.
 */
@Component(
        name = PatternIngesterConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@SkaldModule(Modules.PATTERN_INGESTER)
@Designate(ocd = PatternIngesterConfig.class)
public final class PatternIngesterModule implements ModuleService.Hooks {
    private static final Logger log = LoggerFactory.getLogger(PatternIngesterModule.class);

    private final BundleContext context;
    private final PatternIngesterConfig config;
    private final Ingester ingester;
    private final CollectorRegistry registry;
    private final TenantLimits limits;
    private final ModuleService service;
    private PatternMetrics metrics;
    private PatternIngester engine;
    private AutoCloseable observation;
    private Published<PatternQuerier> published;

    @Activate
    public PatternIngesterModule(
            BundleContext context,
            PatternIngesterConfig config,
            @Reference(target = Modules.METRICS_RUNNING) Module metricsModule,
            @Reference(target = Modules.SERVER_RUNNING) Module server,
            @Reference(target = Modules.INGESTER_RUNNING) Module ingesterModule,
            @Reference Ingester ingester,
            @Reference CollectorRegistry registry,
            @Reference TenantLimits limits) {
        this.context = context;
        this.limits = limits;
        this.config = config;
        this.ingester = ingester;
        this.registry = registry;
        this.service = ModuleService.start(context, Modules.PATTERN_INGESTER, this);
    }

    @Override
    public void starting() throws Exception {
        PatternIngester.Settings settings = PatternSettings.from(config);
        metrics = new PatternMetrics(registry);
        engine = new PatternIngester(
                settings, tenant -> limits.forTenant(tenant).patternJsonFields(), metrics, System::currentTimeMillis);
        engine.start();
        observation = ingester.observe(engine);
        PatternIngester running = engine;
        published = Published.register(context, Modules.PATTERN_INGESTER, PatternQuerier.class, running::patterns);
        log.info(
                "pattern ingester mining pushes: max_clusters {}, retain_for {}",
                config.maxClusters(),
                config.retainFor());
    }

    @Override
    public void stopping(Throwable failure) throws Exception {
        if (published != null) {
            published.close();
        }
        try {
            if (observation != null) {
                observation.close();
            }
            if (engine != null) {
                engine.stop();
            }
        } finally {
            if (metrics != null) {
                metrics.unregister();
            }
        }
    }

    @Deactivate
    void deactivate() {
        service.stop();
    }
}
