// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import io.skald.querier.api.QueryHandler;
import io.skald.querier.api.QueryParams;
import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Route;
import io.skald.spi.http.Tenant;
import io.skald.spi.http.TenantRequired;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Loki's query routes, GET or form POST: one handler, dispatching on the route the server matched
 * (whose name is also the {@code route} label of the request metrics).
 */
@Component(service = Request.Handler.class)
@HttpRoute({"/loki/api/v1/query_range", "/loki/api/v1/query", "/loki/api/v1/labels", "/loki/api/v1/label",
        "/loki/api/v1/label/{name}/values", "/loki/api/v1/series", "/loki/api/v1/index/stats", "/loki/api/v1/index/volume",
        "/loki/api/v1/index/volume_range", "/loki/api/v1/format_query", "/loki/api/v1/detected_labels",
        "/loki/api/v1/detected_fields", "/loki/api/v1/detected_field/{name}/values"})
@TenantRequired
public final class QueryRoutes implements Request.Handler {
    private final QueryService service;

    @Activate
    public QueryRoutes(@Reference QueryService service) {
        this.service = service;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Route route = Route.of(request);
        request.addIdleTimeoutListener(timeout -> true); // a long query writes nothing until it is done
        QueryParams params = params(request);
        String tenant = Tenant.of(request);
        QueryHandler.Answer answer;
        try {
            answer = !service.servesTenant(tenant) ? QueryHandler.Answer.bad(Tenant.MULTIPLE) : switch (route.name()) {
                case "loki_api_v1_label_name_values" -> service.labelValues(tenant, route.pathParam("name"), params);
                case "loki_api_v1_detected_field_name_values" -> service.detectedFields(tenant, params, route.pathParam("name"));
                default -> service.handle(tenant, route.name(), params,
                        QueryHandler.encodingFlags(request.getHeaders().get("X-Loki-Response-Encoding-Flags")));
            };
        } catch (StackOverflowError deep) {
            answer = QueryHandler.Answer.bad(QueryService.TOO_DEEP);
        } catch (IllegalArgumentException runtimeFilter) {
            answer = QueryHandler.Answer.bad(runtimeFilter.getMessage());
        }
        if (answer.status() == 200) {
            return Responses.json(response, callback, 200, answer.body());
        }
        return Responses.text(response, callback, answer.status(), answer.body());
    }

    private static QueryParams params(Request request) throws Exception {
        Fields fields = new Fields(); // the query's own Fields are read-only: a form body is added to a copy
        QueryParams.decodeQuery(request.getHttpURI().getQuery()).forEach(f -> f.getValues().forEach(v -> fields.add(f.getName(), v)));
        if ("POST".equals(request.getMethod())) {
            FormFields.getFields(request).forEach(f -> f.getValues().forEach(v -> fields.add(f.getName(), v)));
        }
        return new QueryParams(fields);
    }
}
