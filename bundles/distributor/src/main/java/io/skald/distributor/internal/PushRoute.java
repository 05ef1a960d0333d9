// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Tenant;
import io.skald.spi.http.TenantRequired;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
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
            PushRoute.closeUnlessRead(request, response);
            return Responses.text(response, callback, 405, "method " + request.getMethod() + " not allowed; push with POST\n");
        }
        try {
            List<RawStream> streams = decode(request);
            Distributor.Outcome outcome = distributor.push(Tenant.of(request), streams);
            if (outcome.status() == 204) {
                return Responses.empty(response, callback, 204);
            }
            return Responses.text(response, callback, outcome.status(), outcome.body());
        } catch (BadPushException e) {
            PushRoute.closeUnlessRead(request, response);
            return Responses.text(response, callback, e.status(), e.getMessage() + "\n");
        }
    }

    private List<RawStream> decode(Request request) throws BadPushException, IOException {
        String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        encoding = encoding == null ? "" : encoding.trim().toLowerCase(Locale.ROOT);
        byte[] body = read(Content.Source.asInputStream(request), "body");
        switch (encoding) {
            case "", "snappy", "identity" -> {
            }
            case "gzip" -> body = read(new GZIPInputStream(new ByteArrayInputStream(body)), "decompressed body");
            case "deflate" -> body = read(new InflaterInputStream(new ByteArrayInputStream(body)), "decompressed body");
            default -> throw new BadPushException(400, "Content-Encoding \"" + encoding + "\" not supported");
        }
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") ? PushDecoder.json(body) : PushDecoder.protobuf(body, maxSize);
    }

    /** Reads at most maxSize bytes; one more means too large, and the rest is not read. */
    private byte[] read(InputStream in, String what) throws IOException, BadPushException {
        try (in) {
            byte[] data = in.readNBytes(maxSize + 1);
            if (data.length > maxSize) {
                throw new BadPushException(413, "message size too large than max (more than " + maxSize + " vs " + maxSize
                        + "): the " + what + " is over distributor.max_recv_msg_size");
            }
            return data;
        } catch (java.util.zip.ZipException e) {
            throw new BadPushException(400, "invalid compressed body: " + e.getMessage());
        }
    }

    /**
     * A push refused before its body was read to the end: over HTTP/1.1 the connection is closed
     * after the answer, and says so, so that a client never sends its next request on a connection
     * the server is about to drop (Go's server does the same for unread bodies).
     */
    static void closeUnlessRead(Request request, Response response) {
        if (request.getConnectionMetaData().getHttpVersion().getVersion() < 20) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }
}
