// SPDX-License-Identifier: Apache-2.0
package io.skald.spi.http;

import java.util.Map;
import org.eclipse.jetty.server.Request;

/**
 * What the server found for a request before the middleware chain runs: the route's metric name
 * (Loki style, {@code loki_api_v1_push}; a gRPC method is named by its full path), whether it
 * needs a tenant, and the values of its named path segments.
 *
 * @param name           label value for {@code route} in request metrics; {@code other} when nothing matched
 * @param tenantRequired whether the route is {@link TenantRequired}
 * @param pathParams     named segments of the matched pattern
 */
public record Route(String name, boolean tenantRequired, Map<String, String> pathParams) {
    /** The request attribute holding the {@code Route}. */
    public static final String ATTRIBUTE = Route.class.getName();

    public static final Route NOT_FOUND = new Route("other", false, Map.of());

    /** The route of a request that passed the server's route lookup; {@link #NOT_FOUND} otherwise. */
    public static Route of(Request request) {
        Object route = request.getAttribute(ATTRIBUTE);
        return route instanceof Route r ? r : NOT_FOUND;
    }

    /** The value of the named segment {@code {name}}, or {@code null}. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** Loki's metric name for an HTTP path pattern: {@code /loki/api/v1/push} → {@code loki_api_v1_push}. */
    public static String metricName(String pattern) {
        String name = pattern.replaceAll("[{}*]", "").replaceAll("[^A-Za-z0-9]+", "_");
        name = name.replaceAll("^_+|_+$", "");
        return name.isEmpty() ? "root" : name;
    }
}
