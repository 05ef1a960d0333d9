// SPDX-License-Identifier: Apache-2.0
/**
 * The HTTP and gRPC whiteboard of Skald's one shared port.
 *
 * <p>A bundle contributes by registering services; each appears and disappears with its bundle:
 * <ul>
 *   <li>a route: an {@code org.eclipse.jetty.server.Request.Handler} annotated {@link io.skald.spi.http.HttpRoute};</li>
 *   <li>a gRPC service: an {@code io.grpc.BindableService} (any registered one is served);</li>
 *   <li>a {@link io.skald.spi.http.Middleware}, wrapped around both, ordered by service ranking.</li>
 * </ul>
 * The chain every request passes through, outermost first (rankings of the built-ins in brackets):
 * <pre>
 *   Jetty connector (HTTP/1.1, h2c prior knowledge and Upgrade)
 *   └─ graceful shutdown
 *      └─ route lookup: sets {@link io.skald.spi.http.Route} on the request
 *         └─ instrumentation (10000) ─ request log (9000) ─ recovery (8000) ─ gzip (7000) ─ tenant (1000) ─ plugins (&lt; 1000 by convention)
 *            └─ dispatch: application/grpc → gRPC services, else → the route's handler, else 404
 * </pre>
 */
@Export
@Version("1.1.0")
package io.skald.spi.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
