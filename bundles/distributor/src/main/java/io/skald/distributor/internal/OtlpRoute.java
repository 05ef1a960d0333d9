// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Tenant;
import io.skald.spi.http.TenantRequired;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /otlp/v1/logs}: OTLP/HTTP logs, protobuf or JSON (an OTel collector's
 * {@code otlphttp} exporter pointed at {@code http://<skald>:3100/otlp}). Through the same
 * validation, limits and ingester as a Loki push.
 */
@Component(service = Request.Handler.class)
@HttpRoute("/otlp/v1/logs")
@TenantRequired
public final class OtlpRoute implements Request.Handler {
    private final Distributor distributor;

    @Activate
    public OtlpRoute(@Reference Distributor distributor) {
        this.distributor = distributor;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            PushBody.closeUnlessRead(request, response);
            return Responses.text(
                    response, callback, 405, "method " + request.getMethod() + " not allowed; push with POST\n");
        }
        String mediaType = PushBody.mediaType(request);
        try {
            if (!mediaType.equals("application/x-protobuf") && !mediaType.equals("application/json")) {
                String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
                throw new BadPushException(400, "content type: " + (type == null ? "" : type) + " is not supported");
            }
            byte[] body = PushBody.read(request, distributor.maxRecvMsgSize(), PushBody.Encodings.OTLP);
            List<RawStream> streams =
                    mediaType.equals("application/json") ? OtlpDecoder.json(body) : OtlpDecoder.protobuf(body);
            Distributor.Outcome outcome = distributor.push(Tenant.of(request), streams);
            if (outcome.status() == 204) {
                return Responses.empty(response, callback, 204);
            }
            return Responses.text(response, callback, outcome.status(), outcome.body());
        } catch (BadPushException e) {
            PushBody.closeUnlessRead(request, response);
            return Responses.text(response, callback, e.status(), e.getMessage() + "\n");
        }
    }
}
