// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.read;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.core.query.IndexShapes.IndexStats;
import io.skald.ingester.api.Ingester;
import io.skald.logql.LogQuery;
import io.skald.logql.Matcher;
import io.skald.logql.MetricQuery;
import io.skald.spi.http.Tenant;
import io.skald.store.api.ChunkStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Loki's multi-tenant queries ({@code querier.multi_tenant_queries_enabled}): a read for
 * {@code a|b} is answered from each tenant and every stream or series carries the tenant it came
 * from as {@code __tenant_id__}. Matchers on {@code __tenant_id__} in a selector choose the tenants
 * and are taken out before the tenants' own data is read, as Loki does. A single tenant reads
 * exactly as the plain querier.
 *
 * <p>As in Loki the label joins after each tenant's pipeline: a range aggregation's own
 * {@code by} keeps the tenants apart, while a vector aggregation above it groups across them.
 */
public class MultiTenantQuerier extends Querier {
    static final String TENANT_LABEL = "__tenant_id__";

    public MultiTenantQuerier(ChunkStore store, Supplier<Ingester> ingesters) {
        super(store, ingesters);
    }

    @Override
    public List<Stream> selectLogs(
            String tenant, LogQuery query, long start, long end, int limit, boolean forward, Stats stats)
            throws IOException {
        if (!Tenant.isMultiple(tenant)) {
            return super.selectLogs(tenant, query, start, end, limit, forward, stats);
        }
        record Item(Labels labels, Labels origin, Entry entry) {}
        List<Item> items = new ArrayList<>();
        LogQuery own = withoutTenantMatchers(query);
        for (String id : tenants(tenant, query.matchers())) {
            for (Stream s : super.selectLogs(id, own, start, end, limit, forward, stats)) {
                Labels labels = withTenant(s.labels(), id);
                Labels origin = withTenant(s.origin(), id);
                s.entries().forEach(e -> items.add(new Item(labels, origin, e)));
            }
        }
        Comparator<Item> byTime = Comparator.comparingLong(i -> i.entry().timestampNanos());
        items.sort(forward ? byTime : byTime.reversed());
        Map<List<Labels>, List<Entry>> grouped = new LinkedHashMap<>();
        int kept = Math.min(limit, items.size());
        for (Item i : items.subList(0, kept)) {
            grouped.computeIfAbsent(List.of(i.labels(), i.origin()), k -> new ArrayList<>())
                    .add(i.entry());
        }
        List<Stream> out = new ArrayList<>();
        grouped.forEach((key, entries) -> out.add(new Stream(key.get(0), key.get(1), entries)));
        stats.linesReturned = kept;
        return out;
    }

    @Override
    public Map<Labels, SampleList> samples(
            String tenant,
            MetricQuery.LogRange range,
            MetricEvaluator.SampleKind kind,
            MetricQuery.Grouping grouping,
            long start,
            long end,
            Stats stats,
            Supplier<SampleList> newSeries)
            throws IOException {
        if (!Tenant.isMultiple(tenant)) {
            return super.samples(tenant, range, kind, grouping, start, end, stats, newSeries);
        }
        MetricQuery.LogRange own = new MetricQuery.LogRange(
                withoutTenantMatchers(range.query()),
                range.unwrap(),
                range.rangeNanos(),
                range.rangeText(),
                range.offsetNanos(),
                range.offsetText());
        Map<Labels, SampleList> out = new HashMap<>();
        for (String id : tenants(tenant, range.query().matchers())) {
            super.samples(id, own, kind, grouping, start, end, stats, newSeries)
                    .forEach((labels, list) -> out.put(withTenant(labels, id), list));
        }
        return out;
    }

    @Override
    public List<Labels> series(String tenant, List<List<Matcher>> selectors, long start, long end) throws IOException {
        if (!Tenant.isMultiple(tenant)) {
            return super.series(tenant, selectors, start, end);
        }
        TreeSet<Labels> out = new TreeSet<>();
        for (String id : Tenant.ids(tenant)) {
            List<List<Matcher>> own = new ArrayList<>();
            boolean all = selectors.isEmpty();
            for (List<Matcher> selector : selectors) {
                if (tenantMatches(id, selector)) {
                    own.add(withoutTenantMatchers(selector));
                    all |= own.get(own.size() - 1).isEmpty();
                }
            }
            if (all || !own.isEmpty()) {
                for (Labels l : super.series(id, all ? List.of() : own, start, end)) {
                    out.add(withTenant(l, id));
                }
            }
        }
        return new ArrayList<>(out);
    }

    @Override
    public IndexStats indexStats(String tenant, List<Matcher> matchers, long start, long end) throws IOException {
        if (!Tenant.isMultiple(tenant)) {
            return super.indexStats(tenant, matchers, start, end);
        }
        IndexStats total = new IndexStats(0, 0, 0, 0);
        for (String id : tenants(tenant, matchers)) {
            IndexStats one = super.indexStats(id, withoutTenantMatchers(matchers), start, end);
            total = new IndexStats(
                    total.streams() + one.streams(),
                    total.chunks() + one.chunks(),
                    total.entries() + one.entries(),
                    total.bytes() + one.bytes());
        }
        return total;
    }

    @Override
    public Map<Labels, long[]> volume(
            String tenant,
            List<Matcher> matchers,
            List<String> targetLabels,
            boolean byLabelNames,
            long start,
            long end,
            long step)
            throws IOException {
        if (!Tenant.isMultiple(tenant)) {
            return super.volume(tenant, matchers, targetLabels, byLabelNames, start, end, step);
        }
        Map<Labels, long[]> out = new HashMap<>(); // as Loki merges the tenants' volumes: by series, summed
        for (String id : tenants(tenant, matchers)) {
            super.volume(id, withoutTenantMatchers(matchers), targetLabels, byLabelNames, start, end, step)
                    .forEach((labels, bytes) -> out.merge(labels, bytes, (a, b) -> {
                        long[] sum = a.clone();
                        for (int i = 0; i < sum.length; i++) {
                            sum[i] += b[i];
                        }
                        return sum;
                    }));
        }
        return out;
    }

    /** The tenants of {@code tenant} that the selector's {@code __tenant_id__} matchers accept. */
    static List<String> tenants(String tenant, List<Matcher> matchers) {
        List<String> out = new ArrayList<>();
        for (String id : Tenant.ids(tenant)) {
            if (tenantMatches(id, matchers)) {
                out.add(id);
            }
        }
        return out;
    }

    private static boolean tenantMatches(String id, List<Matcher> matchers) {
        for (Matcher m : matchers) {
            if (m.name().equals(TENANT_LABEL) && !m.matches(id)) {
                return false;
            }
        }
        return true;
    }

    static LogQuery withoutTenantMatchers(LogQuery query) {
        return new LogQuery(withoutTenantMatchers(query.matchers()), query.filters(), query.stages(), query.shard());
    }

    private static List<Matcher> withoutTenantMatchers(List<Matcher> matchers) {
        return matchers.stream().filter(m -> !m.name().equals(TENANT_LABEL)).toList();
    }

    /** The labels with {@code __tenant_id__}; a stream's own label of that name is kept as {@code original___tenant_id__}. */
    static Labels withTenant(Labels labels, String id) {
        Map<String, String> out = new TreeMap<>();
        labels.asList().forEach(l -> out.put(l.name(), l.value()));
        String own = out.put(TENANT_LABEL, id);
        if (own != null) {
            out.put("original_" + TENANT_LABEL, own);
        }
        return Labels.of(out);
    }
}
