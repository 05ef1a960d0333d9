// SPDX-License-Identifier: Apache-2.0
package io.skald.spi.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writing whole responses the way Loki does: errors as plain text with {@code nosniff}, documents
 * as JSON. Each method completes {@code callback} and returns {@code true}, so a handler can end
 * with {@code return Responses.text(...)}.
 */
public final class Responses {
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json; charset=utf-8";

    /** A plain-text body, e.g. Loki's error texts. */
    public static boolean text(Response response, Callback callback, int status, String body) {
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        return write(response, callback, status, TEXT, body);
    }

    /** An already serialised JSON document. */
    public static boolean json(Response response, Callback callback, int status, String body) {
        return write(response, callback, status, JSON, body);
    }

    public static boolean write(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }

    /** A status with no body, e.g. Loki's 204 after a push. */
    public static boolean empty(Response response, Callback callback, int status) {
        response.setStatus(status);
        Content.Sink.write(response, true, "", callback);
        return true;
    }

    private Responses() {}
}
