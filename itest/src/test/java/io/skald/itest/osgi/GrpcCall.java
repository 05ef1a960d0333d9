// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.osgi;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;

/**
 * A unary gRPC call made by hand over HTTP/2 prior knowledge with Jetty's client: the gRPC wire
 * format (length-prefixed protobuf, {@code te: trailers}, status in the trailers) without grpc-java's
 * Netty transport, which cannot run inside the framework. The e2e tests use the real grpc-java client.
 */
final class GrpcCall implements AutoCloseable {
    record Result<T>(int httpStatus, String grpcStatus, T message, HttpFields headers) {}

    private final HttpClient client = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));

    GrpcCall() throws Exception {
        client.start();
    }

    <T> Result<T> unary(String baseUrl, String fullMethod, MessageLite request, Parser<T> parser) throws Exception {
        byte[] body = request.toByteArray();
        ByteBuffer framed = ByteBuffer.allocate(5 + body.length);
        framed.put((byte) 0).putInt(body.length).put(body).flip();
        ContentResponse response = client.newRequest(baseUrl + fullMethod)
                .method("POST")
                .headers(h -> h.put("te", "trailers"))
                .body(new BytesRequestContent("application/grpc", framed.array()))
                .timeout(10, TimeUnit.SECONDS)
                .send();
        HttpFields trailers = response.getTrailers();
        String grpcStatus = trailers != null && trailers.get("grpc-status") != null
                ? trailers.get("grpc-status")
                : response.getHeaders().get("grpc-status");
        byte[] content = response.getContent();
        T message = null;
        if (content.length >= 5) {
            int length = ByteBuffer.wrap(content, 1, 4).getInt();
            message = parser.parseFrom(ByteBuffer.wrap(content, 5, length));
        }
        return new Result<>(response.getStatus(), grpcStatus, message, response.getHeaders());
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
