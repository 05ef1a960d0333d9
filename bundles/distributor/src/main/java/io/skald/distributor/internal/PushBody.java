// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * A push request's body, for the Loki push route and the OTLP route alike: read up to
 * {@code distributor.max_recv_msg_size} (compressed and again decompressed), decompressed as the
 * route's {@code Content-Encoding}s allow — Loki's push takes snappy (inside the protobuf), gzip and
 * deflate, its OTLP route gzip, zstd and lz4 — and refused in Loki's words otherwise.
 */
final class PushBody {
    /** The Content-Encodings of a route and Loki's text for any other. */
    enum Encodings {
        PUSH("Content-Encoding \"%s\" not supported"),
        OTLP("unsupported content encoding %s: only gzip, lz4 and zstd are supported");

        private final String refusal;

        Encodings(String refusal) {
            this.refusal = refusal;
        }
    }

    private PushBody() {}

    /** The body, decompressed. */
    static byte[] read(Request request, int maxSize, Encodings accepted) throws BadPushException, IOException {
        // the body is read before anything is refused: a server that closes a connection with unread
        // bytes in it resets it, and the client may lose the answer
        byte[] body = limited(Content.Source.asInputStream(request), maxSize, true);
        String header = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        String encoding = header == null ? "" : header.trim().toLowerCase(Locale.ROOT);
        boolean known = switch (accepted) {
            case PUSH -> encoding.equals("snappy") || encoding.equals("gzip") || encoding.equals("deflate");
            case OTLP -> encoding.equals("gzip") || encoding.equals("zstd") || encoding.equals("lz4");
        };
        if (!known && !encoding.isEmpty() && !encoding.equals("identity")) {
            throw new BadPushException(400, String.format(accepted.refusal, header.trim()));
        }
        try {
            return switch (encoding) {
                case "gzip" -> limited(new GZIPInputStream(new ByteArrayInputStream(body)), maxSize, false);
                case "deflate" -> limited(new InflaterInputStream(new ByteArrayInputStream(body)), maxSize, false);
                case "zstd" -> limited(new ZstdInputStream(new ByteArrayInputStream(body)), maxSize, false);
                case "lz4" -> limited(new LZ4FrameInputStream(new ByteArrayInputStream(body)), maxSize, false);
                default -> body; // none, or snappy: the protobuf decoder unwraps it
            };
        } catch (IOException corrupt) { // the body is in memory: a failure here is the data's, not the connection's
            throw new BadPushException(400, "invalid compressed body: " + corrupt.getMessage());
        }
    }

    /** The media type of the Content-Type header, lower case, without parameters ("" when absent). */
    static String mediaType(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads at most maxSize bytes; one more means too large. A request body that is too large is
     * then read on and dropped (up to {@link #DRAIN_FACTOR} times the limit), so the client gets the
     * 413 instead of a reset connection.
     */
    private static byte[] limited(InputStream in, int maxSize, boolean drain) throws IOException, BadPushException {
        try (in) {
            byte[] data = in.readNBytes(maxSize + 1);
            if (data.length > maxSize) {
                if (drain) {
                    long left = (long) DRAIN_FACTOR * maxSize;
                    byte[] sink = new byte[64 * 1024];
                    int n;
                    while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
                        left -= n;
                    }
                }
                throw new BadPushException(
                        413,
                        "message size too large than max (more than " + maxSize + " vs " + maxSize
                                + "): the body is over distributor.max_recv_msg_size");
            }
            return data;
        }
    }

    /** How much of a too-large body is read and dropped before the 413, in multiples of the limit. */
    static final int DRAIN_FACTOR = 8;

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
