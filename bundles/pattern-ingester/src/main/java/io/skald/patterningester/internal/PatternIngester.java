// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import io.skald.core.model.Labels;
import io.skald.ingester.api.StreamEntries;
import io.skald.logql.Matcher;
import io.skald.patterningester.internal.drain.DrainConfig;
import io.skald.patterningester.internal.drain.LineFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pattern ingester's engine, free of OSGi so tests can drive it. Pushes arrive on the pushing
 * threads ({@link #accept}) and only enter a bounded queue, so mining never slows a push: when the
 * queue is full the push is dropped for patterns and counted. One thread drains the queue into
 * per-tenant, per-stream Drains and, every {@code sweepPeriod}, forgets samples older than
 * {@code retainFor} and the streams left empty.
 */
final class PatternIngester implements BiConsumer<String, List<StreamEntries>> {
    private static final Logger log = LoggerFactory.getLogger(PatternIngester.class);

    /** Settings beyond Drain's own. */
    record Settings(
            DrainConfig drain, long retainForMillis, long sweepPeriodMillis, int queuedPushes, int queuedEntries) {}

    private record Push(String tenant, List<StreamEntries> streams, int entries) {}

    private final Settings settings;
    private final Function<String, List<String>> jsonFields;
    private final PatternMetrics metrics;
    private final LongSupplier clockMillis;
    private final BlockingQueue<Push> queue;
    private final AtomicInteger queuedEntries = new AtomicInteger();
    private final Map<String, Map<Labels, PatternStream>> tenants = new ConcurrentHashMap<>();
    private final Thread worker;
    private volatile boolean running;

    PatternIngester(Settings settings, PatternMetrics metrics, LongSupplier clockMillis) {
        this(settings, tenant -> settings.drain().jsonFields(), metrics, clockMillis);
    }

    /** {@code jsonFields}: a tenant's pattern_ingester_tokenizable_json_fields, asked when one of its streams is first seen. */
    PatternIngester(
            Settings settings,
            Function<String, List<String>> jsonFields,
            PatternMetrics metrics,
            LongSupplier clockMillis) {
        this.jsonFields = jsonFields;
        this.settings = settings;
        this.metrics = metrics;
        this.clockMillis = clockMillis;
        this.queue = new ArrayBlockingQueue<>(settings.queuedPushes());
        this.worker = new Thread(this::run, "skald-pattern-ingester");
        this.worker.setDaemon(true);
    }

    void start() {
        running = true;
        worker.start();
    }

    void stop() throws InterruptedException {
        running = false;
        worker.interrupt();
        worker.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** The ingester's hand-off, on the pushing thread: enqueue or drop, never wait. */
    @Override
    public void accept(String tenant, List<StreamEntries> streams) {
        int entries = 0;
        for (StreamEntries s : streams) {
            entries += s.entries().size();
        }
        if (queuedEntries.addAndGet(entries) > settings.queuedEntries()
                || !queue.offer(new Push(tenant, streams, entries))) {
            queuedEntries.addAndGet(-entries);
            metrics.linesSkipped.labels(tenant, PatternMetrics.QUEUE_FULL).inc(entries);
        }
    }

    private void run() {
        long nextSweep = clockMillis.getAsLong() + settings.sweepPeriodMillis();
        while (running) {
            try {
                Push push = queue.poll(
                        Math.max(1, Math.min(1000, nextSweep - clockMillis.getAsLong())), TimeUnit.MILLISECONDS);
                if (push != null) {
                    queuedEntries.addAndGet(-push.entries());
                    train(push.tenant(), push.streams());
                }
                if (clockMillis.getAsLong() >= nextSweep) {
                    sweep();
                    nextSweep = clockMillis.getAsLong() + settings.sweepPeriodMillis();
                }
            } catch (InterruptedException e) {
                return; // stop() asked
            } catch (RuntimeException e) {
                log.error("pattern mining failed for a push; it is skipped", e);
            }
        }
    }

    /** Mines one push now (the worker's job; tests call it directly). */
    void train(String tenant, List<StreamEntries> streams) {
        Map<Labels, PatternStream> byLabels = tenants.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
        for (StreamEntries s : streams) {
            if (s.entries().isEmpty()) {
                continue;
            }
            PatternStream stream = byLabels.computeIfAbsent(s.labels(), labels -> {
                LineFormat format =
                        LineFormat.detect(new String(s.entries().get(0).line(), StandardCharsets.UTF_8));
                DrainConfig drain = settings.drain().withJsonFields(jsonFields.apply(tenant));
                return new PatternStream(labels, format, drain, metrics.forStream(tenant, format.label()), clockMillis);
            });
            stream.push(s.entries());
        }
    }

    /** Forgets what is older than retain_for; streams without patterns left go. */
    void sweep() {
        long oldest = clockMillis.getAsLong() - settings.retainForMillis();
        tenants.forEach((tenant, streams) -> {
            streams.values().removeIf(stream -> stream.prune(oldest));
            if (streams.isEmpty()) {
                tenants.remove(tenant, streams);
            }
        });
    }

    /**
     * The tenant's patterns in [from, through) from the streams {@code matchers} select, summed into
     * {@code step} buckets (at least the sample interval), pruned as Loki's querier prunes them.
     */
    List<PatternSeries> patterns(
            String tenant, List<Matcher> matchers, long fromMillis, long throughMillis, long stepMillis) {
        long step = Math.max(stepMillis, settings.drain().sampleIntervalMillis());
        SeriesCollector collector = new SeriesCollector();
        Map<Labels, PatternStream> streams = tenants.getOrDefault(tenant, Map.of());
        for (PatternStream stream : streams.values()) {
            if (matchesAll(matchers, stream.labels)) {
                stream.collect(fromMillis, throughMillis, step, collector);
            }
        }
        List<PatternSeries> all = collector.all();
        List<PatternSeries> kept = SeriesCollector.prune(all);
        metrics.queryPruned.inc(all.size() - kept.size());
        metrics.queryRetained.inc(kept.size());
        return kept;
    }

    private static boolean matchesAll(List<Matcher> matchers, Labels labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** The stream's state, for memory checks in tests; {@code null} if unknown. */
    PatternStream stream(String tenant, Labels labels) {
        return tenants.getOrDefault(tenant, Map.of()).get(labels);
    }

    int streamCount(String tenant) {
        return tenants.getOrDefault(tenant, Map.of()).size();
    }
}
