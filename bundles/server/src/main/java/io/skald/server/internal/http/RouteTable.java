// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.http;

import io.skald.spi.http.Route;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;

/**
 * An immutable set of HTTP routes. Each change makes a new table (Sling's copy-on-bind habit), so a
 * request reads one consistent table without locks.
 *
 * <p>Matching: an exact path first; then patterns, most literal segments first, where
 * {@code {name}} takes one segment and a trailing {@code /*} takes the rest of the path.
 */
public final class RouteTable {

    /** A route's handler and what the request learns about it. */
    public record Match(Request.Handler handler, Route route) {}

    /** One registered path of one handler service. */
    public record Entry(String pattern, Request.Handler handler, boolean tenantRequired, int ranking, long serviceId) {}

    public static final RouteTable EMPTY = new RouteTable(List.of());

    private final List<Entry> entries;
    private final Map<String, Entry> exact = new HashMap<>();
    private final List<Entry> patterns = new ArrayList<>();

    public RouteTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        // Higher ranking, then older service, wins a path that two services claim.
        List<Entry> ordered = new ArrayList<>(entries);
        ordered.sort(Comparator.comparingInt(Entry::ranking).reversed().thenComparingLong(Entry::serviceId));
        for (Entry e : ordered) {
            if (isPattern(e.pattern())) {
                patterns.add(e);
            } else {
                exact.putIfAbsent(e.pattern(), e);
            }
        }
        patterns.sort(Comparator.comparingInt((Entry e) -> literalSegments(e.pattern()))
                .reversed()
                .thenComparing(e -> e.pattern().endsWith("/*")));
    }

    public List<Entry> entries() {
        return entries;
    }

    public RouteTable with(List<Entry> added) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(added);
        return new RouteTable(all);
    }

    public RouteTable without(long serviceId) {
        List<Entry> rest = new ArrayList<>(entries);
        rest.removeIf(e -> e.serviceId() == serviceId);
        return new RouteTable(rest);
    }

    /** The route for {@code path}, or {@code null}. */
    public Match match(String path) {
        Entry e = exact.get(path);
        if (e != null) {
            return new Match(e.handler(), new Route(Route.metricName(e.pattern()), e.tenantRequired(), Map.of()));
        }
        String[] segments = split(path);
        for (Entry p : patterns) {
            Map<String, String> params = matchPattern(split(p.pattern()), segments);
            if (params != null) {
                return new Match(p.handler(), new Route(Route.metricName(p.pattern()), p.tenantRequired(), params));
            }
        }
        return null;
    }

    private static Map<String, String> matchPattern(String[] pattern, String[] path) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.equals("*") && i == pattern.length - 1) {
                return Collections.unmodifiableMap(params);
            }
            if (i >= path.length) {
                return null;
            }
            if (p.startsWith("{") && p.endsWith("}")) {
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return pattern.length == path.length ? Collections.unmodifiableMap(params) : null;
    }

    private static boolean isPattern(String pattern) {
        return pattern.contains("{") || pattern.endsWith("/*");
    }

    private static int literalSegments(String pattern) {
        int n = 0;
        for (String s : split(pattern)) {
            if (!s.startsWith("{") && !s.equals("*")) {
                n++;
            }
        }
        return n;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
