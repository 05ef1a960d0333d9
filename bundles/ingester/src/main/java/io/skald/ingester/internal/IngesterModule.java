// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import io.prometheus.client.CollectorRegistry;
import io.skald.core.concurrent.Threads;
import io.skald.core.go.ByteSize;
import io.skald.core.go.GoDuration;
import io.skald.core.module.ModuleService;
import io.skald.core.module.Published;
import io.skald.ingester.api.Ingester;
import io.skald.limits.api.TenantLimits;
import io.skald.spi.module.Module;
import io.skald.spi.module.Modules;
import io.skald.spi.module.SkaldModule;
import io.skald.store.api.ChunkStore;
import io.skald.store.chunks.Encoding;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * Module {@code ingester}. Starting replays the WAL; only then is the {@link Ingester} service
 * published, so no push lands in a half-restored ingester. Stopping withdraws the service first
 * (pushes then get a clear 503 from the distributor), waits for pushes under way, flushes
 * (if {@code flush_on_shutdown}) and closes the WAL: nothing acknowledged is lost either way.
 */
@Component(
        name = IngesterConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@SkaldModule(Modules.INGESTER)
@Designate(ocd = IngesterConfig.class)
public final class IngesterModule implements ModuleService.Hooks {
    private static final Logger log = LoggerFactory.getLogger(IngesterModule.class);

    private final BundleContext context;
    private final IngesterConfig config;
    private final ChunkStore store;
    private final CollectorRegistry registry;
    private final TenantLimits limits;
    private final ModuleService service;
    private IngesterMetrics metrics;
    private IngesterCore core;
    private ScheduledExecutorService flusher;
    private Published<Ingester> published;

    @Activate
    public IngesterModule(
            BundleContext context,
            IngesterConfig config,
            @Reference(target = Modules.METRICS_RUNNING) Module metrics,
            @Reference(target = Modules.SERVER_RUNNING) Module server,
            @Reference(target = Modules.STORE_RUNNING) Module storeModule,
            @Reference ChunkStore store,
            @Reference CollectorRegistry registry,
            @Reference TenantLimits limits) {
        this.context = context;
        this.limits = limits;
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.service = ModuleService.start(context, Modules.INGESTER, this);
    }

    /** {@code limits}: each tenant's {@code max_global_streams_per_user}, the one limit the ingester enforces. */
    static Settings settings(IngesterConfig c, TenantLimits limits) {
        Path walDir =
                !c.wal_enabled() ? null : c.wal_dir().isEmpty() ? Path.of(c.pathPrefix(), "wal") : Path.of(c.wal_dir());
        return new Settings(
                Encoding.ofConfigName(c.chunkEncoding()),
                c.chunkBlockSize(),
                c.chunkTargetSize(),
                GoDuration.parse(c.maxChunkAge()).toNanos(),
                GoDuration.parse(c.chunkIdlePeriod()).toNanos(),
                walDir,
                Wal.SyncPolicy.valueOf(c.wal_syncPolicy().toUpperCase(Locale.ROOT)),
                c.wal_segmentSize(),
                tenant -> limits.forTenant(tenant).maxGlobalStreamsPerUser(),
                c.flushOnShutdown(),
                memoryBudget(c.memoryBudget()));
    }

    private static long memoryBudget(String configured) {
        long bytes = ByteSize.parse(configured);
        return bytes > 0 ? bytes : Runtime.getRuntime().maxMemory() / 3;
    }

    @Override
    public void starting() throws Exception {
        metrics = new IngesterMetrics(registry);
        core = new IngesterCore(settings(config, limits), store, metrics);
        core.start();
        long period = GoDuration.parse(config.flushCheckPeriod()).toMillis();
        flusher = Executors.newSingleThreadScheduledExecutor(Threads.daemon("skald-ingester-flush"));
        flusher.scheduleWithFixedDelay(this::flushDue, period, period, TimeUnit.MILLISECONDS);
        flusher.scheduleWithFixedDelay(this::enforceMemoryBudget, 1, 1, TimeUnit.SECONDS);
        published = Published.register(context, Modules.INGESTER, Ingester.class, core);
    }

    private void flushDue() {
        try {
            core.flushDue();
        } catch (Exception e) {
            log.error("flush failed; the chunks stay in memory and the WAL, and are retried", e);
        }
    }

    private void enforceMemoryBudget() {
        try {
            core.enforceMemoryBudget();
        } catch (Exception e) {
            log.error("flush to stay within the memory budget failed; retried in a second", e);
        }
    }

    @Override
    public void stopping(Throwable failure) throws Exception {
        if (published != null) {
            published.close();
        }
        if (flusher != null) {
            flusher.shutdownNow();
            flusher.awaitTermination(30, TimeUnit.SECONDS);
        }
        try {
            if (core != null) {
                core.stop();
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
