// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

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

/** Loki's query routes, GET or form POST, each a thin adapter onto {@link QueryService}. */
public final class QueryRoutes {
    private QueryRoutes() {
    }

    static QueryParams params(Request request) throws Exception {
        Fields fields = Request.extractQueryParameters(request);
        if ("POST".equals(request.getMethod())) {
            Fields form = FormFields.getFields(request);
            form.forEach(f -> f.getValues().forEach(v -> fields.add(f.getName(), v)));
        }
        return new QueryParams(fields);
    }

    static boolean answer(Response response, Callback callback, QueryService.Answer a) {
        if (a.status() == 200) {
            return Responses.json(response, callback, 200, a.body());
        }
        return Responses.text(response, callback, a.status(), a.body());
    }

    @Component(service = Request.Handler.class)
    @HttpRoute("/loki/api/v1/query_range")
    @TenantRequired
    public static final class QueryRange implements Request.Handler {
        private final QueryService service;

        @Activate
        public QueryRange(@Reference QueryService service) {
            this.service = service;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return answer(response, callback, service.queryRange(Tenant.of(request), params(request)));
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute("/loki/api/v1/query")
    @TenantRequired
    public static final class Query implements Request.Handler {
        private final QueryService service;

        @Activate
        public Query(@Reference QueryService service) {
            this.service = service;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return answer(response, callback, service.instantQuery(Tenant.of(request), params(request)));
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute({"/loki/api/v1/labels", "/loki/api/v1/label", "/api/prom/label"})
    @TenantRequired
    public static final class LabelNames implements Request.Handler {
        private final QueryService service;

        @Activate
        public LabelNames(@Reference QueryService service) {
            this.service = service;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return answer(response, callback, service.labels(Tenant.of(request), params(request)));
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute({"/loki/api/v1/label/{name}/values", "/api/prom/label/{name}/values"})
    @TenantRequired
    public static final class LabelValues implements Request.Handler {
        private final QueryService service;

        @Activate
        public LabelValues(@Reference QueryService service) {
            this.service = service;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return answer(response, callback, service.labelValues(Tenant.of(request), Route.of(request).pathParam("name"),
                    params(request)));
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute({"/loki/api/v1/series", "/api/prom/series"})
    @TenantRequired
    public static final class Series implements Request.Handler {
        private final QueryService service;

        @Activate
        public Series(@Reference QueryService service) {
            this.service = service;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return answer(response, callback, service.series(Tenant.of(request), params(request)));
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute("/loki/api/v1/format_query")
    public static final class FormatQuery implements Request.Handler {
        private final QueryService service;

        @Activate
        public FormatQuery(@Reference QueryService service) {
            this.service = service;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return answer(response, callback, service.formatQuery(params(request)));
        }
    }
}
