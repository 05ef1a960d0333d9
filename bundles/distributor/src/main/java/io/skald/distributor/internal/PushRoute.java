// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Tenant;
import io.skald.spi.http.TenantRequired;
import java.io.IOException;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /loki/api/v1/push}: {@code application/json} is Loki's JSON body, anything else is
 * snappy-compressed protobuf (as in Loki); {@code Content-Encoding} gzip or deflate wraps either.
 * A body over {@code distributor.max_recv_msg_size} is refused with 413 before it is decoded.
 */
@Component(service = Request.Handler.class)
@HttpRoute({"/loki/api/v1/push", "/api/prom/push"})
@TenantRequired
public final class PushRoute implements Request.Handler {
    private final Distributor distributor;
    private final int maxSize;

    @Activate
    public PushRoute(@Reference Distributor distributor) {
        this.distributor = distributor;
        this.maxSize = distributor.maxRecvMsgSize();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            PushBody.closeUnlessRead(request, response);
            return Responses.text(
                    response, callback, 405, "method " + request.getMethod() + " not allowed; push with POST\n");
        }
        try {
            List<RawStream> streams = decode(request);
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

    private List<RawStream> decode(Request request) throws BadPushException, IOException {
        byte[] body = PushBody.read(request, maxSize, PushBody.Encodings.PUSH);
        return PushBody.mediaType(request).equals("application/json")
                ? PushDecoder.json(body)
                : PushDecoder.protobuf(body, maxSize);
    }
}
