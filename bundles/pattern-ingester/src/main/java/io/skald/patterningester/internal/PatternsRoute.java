// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import io.skald.logql.LogQLParser;
import io.skald.logql.Matcher;
import io.skald.logql.ParseException;
import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Tenant;
import io.skald.spi.http.TenantRequired;
import java.util.List;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * {@code GET|POST /loki/api/v1/patterns?query={selector}&start=&end=&step=}, while the module runs
 * (it binds to the module's {@link PatternQuerier}); ranked above {@link PatternsDisabledRoute}.
 */
@Component(service = Request.Handler.class)
@HttpRoute(PatternsRoute.PATH)
@TenantRequired
@ServiceRanking(10)
public final class PatternsRoute implements Request.Handler {
    static final String PATH = "/loki/api/v1/patterns";

    private final PatternQuerier querier;

    @Activate
    public PatternsRoute(@Reference PatternQuerier querier) {
        this.querier = querier;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Fields fields = new Fields(); // the query's own Fields are read-only: a form body is added to a copy
        Request.extractQueryParameters(request).forEach(f -> f.getValues().forEach(v -> fields.add(f.getName(), v)));
        if ("POST".equals(request.getMethod())) {
            FormFields.getFields(request).forEach(f -> f.getValues().forEach(v -> fields.add(f.getName(), v)));
        }
        String body;
        try {
            body = answer(querier, Tenant.of(request), fields::getValue, System.currentTimeMillis() * 1_000_000L);
        } catch (PatternsRequest.BadRequest | ParseException e) {
            return Responses.text(response, callback, 400, e.getMessage());
        }
        return Responses.json(response, callback, 200, body);
    }

    /** The JSON answer to one request; the HTTP-free part, for tests. */
    static String answer(PatternQuerier querier, String tenant, PatternsRequest.Params params, long nowNanos)
            throws PatternsRequest.BadRequest, ParseException {
        PatternsRequest request = PatternsRequest.parse(params, nowNanos);
        List<Matcher> matchers = LogQLParser.parseSelector(request.query());
        return PatternsJson.write(querier.patterns(
                tenant, matchers, request.fromMillis(), request.throughMillis(), request.stepMillis()));
    }
}
