// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.middleware;

import io.skald.spi.http.Middleware;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Jetty's gzip handler: compresses responses for clients that send {@code Accept-Encoding: gzip}
 * and inflates request bodies sent with {@code Content-Encoding: gzip}. gRPC does its own message
 * compression, so {@code application/grpc} is left alone. Ranking 7000: inside recovery, the request
 * log and instrumentation, so they see the request as the client sent it.
 */
@Component(service = Middleware.class)
@ServiceRanking(Middleware.GZIP)
public final class GzipMiddleware implements Middleware {
    @Override
    public Handler wrap(Handler next) {
        GzipHandler gzip = new GzipHandler();
        gzip.setMinGzipSize(1024);
        gzip.setInflateBufferSize(8192);
        gzip.addExcludedMimeTypes("application/grpc", "application/grpc+proto");
        gzip.setHandler(next);
        return gzip;
    }
}
