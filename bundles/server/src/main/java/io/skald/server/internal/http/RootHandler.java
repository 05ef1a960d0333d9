// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.http;

import io.skald.spi.http.Middleware;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Route;
import io.skald.spi.http.Tenant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The top of Skald's handler tree: finds the request's route, then runs the current middleware
 * chain, at whose end the dispatcher calls the route (or gRPC). The chain is rebuilt, started and
 * swapped in whenever a middleware comes or goes; requests under way finish on the chain they began on.
 *
 * <p>The gRPC servlet context is this wrapper's child, so Jetty starts and stops it with the server,
 * but requests reach it only through the dispatcher, i.e. through the chain.
 */
public final class RootHandler extends Handler.Wrapper {
    private static final long RETIRE_SECONDS = 10;

    private final GrpcServices grpc;
    private final Dispatcher dispatcher = new Dispatcher();
    private volatile RouteTable routes = RouteTable.EMPTY;
    private volatile List<Middleware> middleware = List.of();
    private volatile Handler chain = dispatcher;

    public RootHandler(GrpcServices grpc) {
        this.grpc = grpc;
        ServletContextHandler grpcContext = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder("grpc", grpc);
        holder.setAsyncSupported(true);
        grpcContext.addServlet(holder, "/*");
        setHandler(grpcContext);
        addBean(dispatcher, true);
    }

    @Override
    public void setServer(Server server) {
        super.setServer(server);
        dispatcher.setServer(server);
    }

    public void setRoutes(RouteTable routes) {
        this.routes = routes;
    }

    public RouteTable routes() {
        return routes;
    }

    /** Replaces the middleware, outermost first, and swaps in a freshly built chain. */
    public synchronized void setMiddleware(List<Middleware> outermostFirst) throws Exception {
        this.middleware = List.copyOf(outermostFirst);
        if (isStarted()) {
            swapChain();
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        swapChain();
    }

    @Override
    protected void doStop() throws Exception {
        Handler old = chain;
        chain = dispatcher;
        stopChain(old);
        super.doStop();
    }

    private synchronized void swapChain() throws Exception {
        Handler next = dispatcher;
        for (int i = middleware.size() - 1; i >= 0; i--) {
            next = middleware.get(i).wrap(next);
        }
        if (next != dispatcher) {
            next.setServer(getServer());
            // The dispatcher is running already, so the new links hold it unmanaged: starting or
            // stopping a chain never starts or stops what it wraps.
            LifeCycle.start(next);
        }
        Handler old = chain;
        chain = next;
        stopChain(old);
    }

    private void stopChain(Handler old) {
        if (old == dispatcher || old == null) {
            return;
        }
        if (isStarted() && getServer() != null) {
            // Requests that entered the old chain may still be inside it (the very request that
            // disabled a middleware's module is); let them finish before its links stop.
            getServer().getScheduler().schedule(() -> LifeCycle.stop(old), RETIRE_SECONDS, TimeUnit.SECONDS);
        } else {
            LifeCycle.stop(old);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (isGrpc(request)) {
            request.setAttribute(
                    Route.ATTRIBUTE, grpc.route(request.getHttpURI().getPath()));
        } else {
            RouteTable.Match match = routes.match(request.getHttpURI().getPath());
            if (match != null) {
                request.setAttribute(Route.ATTRIBUTE, match.route());
                request.setAttribute(Dispatcher.HANDLER, match.handler());
            }
        }
        return chain.handle(request, response, callback);
    }

    static boolean isGrpc(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type != null && type.startsWith("application/grpc");
    }

    /** The end of the chain: the route's handler, the gRPC context, or Loki's 404. */
    private final class Dispatcher extends Handler.Abstract {
        static final String HANDLER = "skald.route.handler";

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (isGrpc(request)) {
                return RootHandler.this.getHandler().handle(request, response, callback);
            }
            // A safety net under the tenant middleware: a tenant-scoped route never runs without a tenant.
            if (Route.of(request).tenantRequired() && Tenant.of(request) == null) {
                return Responses.text(response, callback, 401, "no org id\n");
            }
            Object handler = request.getAttribute(HANDLER);
            // A route that declines is a 404 written here, so every middleware sees its callback complete.
            if (handler instanceof Request.Handler h && h.handle(request, response, callback)) {
                return true;
            }
            return Responses.text(response, callback, 404, "404 page not found\n");
        }
    }
}
