// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.http;

import io.skald.core.json.LokiJson;
import io.skald.querier.api.QueryHandler;
import io.skald.querier.api.QueryHandler.Answer;
import io.skald.querier.api.QueryParams;
import io.skald.querier.internal.ApiReply;
import io.skald.querier.internal.QueryService;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Route;
import io.skald.spi.http.Tenant;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What every query API route shares: parameters from the query string and a form body (Grafana
 * posts its queries), the tenant check, the one path from a failure to Loki's 400, and the JSON or
 * text written back. Each route is its own component with its own path.
 */
abstract class ApiRoute implements Request.Handler {
    final QueryService service;

    ApiRoute(QueryService service) {
        this.service = service;
    }

    /** The route's answer; failures that are the request's fault are thrown and answered as Loki's 400. */
    abstract ApiReply answer(String tenant, QueryParams params, Request request) throws Exception;

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        request.addIdleTimeoutListener(timeout -> true); // a long query writes nothing until it is done
        String tenant = Tenant.of(request);
        ApiReply reply;
        if (!service.servesTenant(tenant)) {
            reply = ApiReply.bad(Tenant.MULTIPLE);
        } else {
            try {
                reply = answer(tenant, QueryParams.of(request), request);
            } catch (Exception | StackOverflowError e) {
                Answer.Refused refused = ApiReply.refusal(e);
                if (refused == null) {
                    throw e;
                }
                reply = new ApiReply(refused.status(), refused.message());
            }
        }
        if (reply.status() == 200) {
            return Responses.json(response, callback, 200, reply.body());
        }
        return Responses.text(response, callback, reply.status(), reply.body() + "\n");
    }

    /** A query result in the encoding the client asked for, or Loki's refusal. */
    static ApiReply written(Answer answer, Request request) {
        if (answer instanceof Answer.Success s) {
            boolean categorize = QueryHandler.encodingFlags(
                            request.getHeaders().get(QueryHandler.ENCODING_FLAGS_HEADER))
                    .contains(LokiJson.CATEGORIZE_LABELS);
            return ApiReply.json(LokiJson.queryResponse(s.result(), s.stats(), categorize));
        }
        Answer.Refused r = (Answer.Refused) answer;
        return new ApiReply(r.status(), r.message());
    }

    static String pathParam(Request request, String name) {
        return Route.of(request).pathParam(name);
    }
}
