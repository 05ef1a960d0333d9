// SPDX-License-Identifier: Apache-2.0
package io.skald.spi.http;

import org.eclipse.jetty.server.Handler;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One link of the request chain, Loki's {@code Wrap(http.Handler) http.Handler} in Jetty's terms.
 * Register an implementation as an OSGi service and it wraps every HTTP and gRPC request on the
 * shared port; unregister it and the chain is rebuilt without it. No restart, no dropped requests.
 *
 * <p>Order: the higher the {@code service.ranking}, the further out the link (it sees the request
 * first and the response last). The built-in rankings are listed in this package's documentation.
 *
 * <p>{@link #wrap} is called each time the chain is rebuilt and must return a new handler that
 * either answers itself (and returns {@code true}) or calls {@code next}. The returned handler may
 * be a Jetty {@code Handler.Wrapper}; the server starts it before use and stops it when replaced.
 * A middleware must state in its class documentation what it assumes about its neighbours.
 */
@ConsumerType
@FunctionalInterface
public interface Middleware {
    /** Ranking of the built-in instrumentation (request metrics), the outermost link. @since 1.1 */
    int INSTRUMENTATION = 10_000;
    /** Ranking of the built-in request log. @since 1.1 */
    int REQUEST_LOG = 9_000;
    /** Ranking of the built-in recovery (a failure becomes Loki's JSON 500). @since 1.1 */
    int RECOVERY = 8_000;
    /** Ranking of the built-in gzip response compression. @since 1.1 */
    int GZIP = 7_000;
    /** Ranking of the built-in tenant resolution; plugins rank below it to see the tenant. @since 1.1 */
    int TENANT = 1_000;

    Handler wrap(Handler next);
}
