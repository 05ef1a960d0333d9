// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.http;

import io.skald.querier.api.QueryHandler;
import io.skald.querier.api.QueryParams;
import io.skald.querier.internal.ApiReply;
import io.skald.querier.internal.QueryService;
import io.skald.querier.internal.detected.DetectedRoutes;
import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.TenantRequired;
import org.eclipse.jetty.server.Request;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Loki's query API, a component per route (the query-frontend's routes rank above the first two
 * while it runs). Each is a line or two: the work is in {@link QueryService} and
 * {@link DetectedRoutes}, the shared handling in {@link ApiRoute}.
 */
public final class QueryApiRoutes {
    private QueryApiRoutes() {}

    @Component(service = Request.Handler.class)
    @HttpRoute("/loki/api/v1/query_range")
    @TenantRequired
    public static final class QueryRange extends ApiRoute {
        @Activate
        public QueryRange(@Reference QueryService service) {
            super(service);
        }

        @Override
        ApiReply answer(String tenant, QueryParams params, Request request) throws Exception {
            return written(service.handle(tenant, QueryHandler.QUERY_RANGE, params), request);
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute("/loki/api/v1/query")
    @TenantRequired
    public static final class Instant extends ApiRoute {
        @Activate
        public Instant(@Reference QueryService service) {
            super(service);
        }

        @Override
        ApiReply answer(String tenant, QueryParams params, Request request) throws Exception {
            return written(service.handle(tenant, QueryHandler.QUERY, params), request);
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute({"/loki/api/v1/labels", "/loki/api/v1/label"})
    @TenantRequired
    public static final class Labels extends ApiRoute {
        @Activate
        public Labels(@Reference QueryService service) {
            super(service);
        }

        @Override
        ApiReply answer(String tenant, QueryParams params, Request request) throws Exception {
            return service.labels(tenant, params);
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute("/loki/api/v1/label/{name}/values")
    @TenantRequired
    public static final class LabelValues extends ApiRoute {
        @Activate
        public LabelValues(@Reference QueryService service) {
            super(service);
        }

        @Override
        ApiReply answer(String tenant, QueryParams params, Request request) throws Exception {
            return service.labelValues(tenant, pathParam(request, "name"), params);
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute("/loki/api/v1/series")
    @TenantRequired
    public static final class Series extends ApiRoute {
        @Activate
        public Series(@Reference QueryService service) {
            super(service);
        }

        @Override
        ApiReply answer(String tenant, QueryParams params, Request request) throws Exception {
            return service.series(tenant, params);
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute("/loki/api/v1/index/stats")
    @TenantRequired
    public static final class IndexStats extends ApiRoute {
        @Activate
        public IndexStats(@Reference QueryService service) {
            super(service);
        }

        @Override
        ApiReply answer(String tenant, QueryParams params, Request request) throws Exception {
            return service.indexStats(tenant, params);
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute("/loki/api/v1/index/volume")
    @TenantRequired
    public static final class Volume extends ApiRoute {
        @Activate
        public Volume(@Reference QueryService service) {
            super(service);
        }

        @Override
        ApiReply answer(String tenant, QueryParams params, Request request) throws Exception {
            return service.volume(tenant, params, false);
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute("/loki/api/v1/index/volume_range")
    @TenantRequired
    public static final class VolumeRange extends ApiRoute {
        @Activate
        public VolumeRange(@Reference QueryService service) {
            super(service);
        }

        @Override
        ApiReply answer(String tenant, QueryParams params, Request request) throws Exception {
            return service.volume(tenant, params, true);
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute("/loki/api/v1/format_query")
    @TenantRequired
    public static final class FormatQuery extends ApiRoute {
        @Activate
        public FormatQuery(@Reference QueryService service) {
            super(service);
        }

        @Override
        ApiReply answer(String tenant, QueryParams params, Request request) throws Exception {
            return service.formatQuery(params);
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute("/loki/api/v1/detected_labels")
    @TenantRequired
    public static final class DetectedLabels extends ApiRoute {
        @Activate
        public DetectedLabels(@Reference QueryService service) {
            super(service);
        }

        @Override
        ApiReply answer(String tenant, QueryParams params, Request request) throws Exception {
            return new DetectedRoutes(service.querier()).labels(tenant, params);
        }
    }

    @Component(service = Request.Handler.class)
    @HttpRoute({"/loki/api/v1/detected_fields", "/loki/api/v1/detected_field/{name}/values"})
    @TenantRequired
    public static final class DetectedFields extends ApiRoute {
        @Activate
        public DetectedFields(@Reference QueryService service) {
            super(service);
        }

        @Override
        ApiReply answer(String tenant, QueryParams params, Request request) throws Exception {
            return new DetectedRoutes(service.querier()).fields(tenant, params, pathParam(request, "name"));
        }
    }
}
