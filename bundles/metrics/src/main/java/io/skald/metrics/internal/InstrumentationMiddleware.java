// SPDX-License-Identifier: Apache-2.0
package io.skald.metrics.internal;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.skald.spi.http.Middleware;
import io.skald.spi.http.Route;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * Loki's request instrumentation under Skald's prefix: {@code skald_request_duration_seconds}
 * (method, route, status_code, ws) and {@code skald_inflight_requests}. The route label is the
 * {@link Route} the server resolved before the chain, so gRPC calls count by their method path.
 * Ranking 10000, the outermost link: it times everything below, and a failure recovered below it
 * is counted as the 500 it became.
 */
@Component(service = Middleware.class)
@ServiceRanking(Middleware.INSTRUMENTATION)
public final class InstrumentationMiddleware implements Middleware {
    private final CollectorRegistry registry;
    private final Histogram duration;
    private final Gauge inflight;

    @Activate
    public InstrumentationMiddleware(@Reference CollectorRegistry registry) {
        this.registry = registry;
        // Loki's (dskit's) buckets for request durations.
        this.duration = Histogram.build(
                        "skald_request_duration_seconds", "Time (in seconds) spent serving HTTP requests.")
                .labelNames("method", "route", "status_code", "ws")
                .buckets(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 25, 50, 100)
                .register(registry);
        this.inflight = Gauge.build("skald_inflight_requests", "Current number of inflight requests.")
                .labelNames("method", "route")
                .register(registry);
    }

    @Deactivate
    void deactivate() {
        registry.unregister(duration);
        registry.unregister(inflight);
    }

    @Override
    public Handler wrap(Handler next) {
        return new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                long start = System.nanoTime();
                String method = request.getMethod();
                String route = Route.of(request).name();
                boolean ws = "websocket".equalsIgnoreCase(request.getHeaders().get("Upgrade"));
                Gauge.Child gauge = inflight.labels(method, route);
                gauge.inc();
                Callback observed = new Callback.Nested(callback) {
                    @Override
                    public void succeeded() {
                        observe(response.getStatus());
                        super.succeeded();
                    }

                    @Override
                    public void failed(Throwable x) {
                        observe(500);
                        super.failed(x);
                    }

                    private void observe(int status) {
                        gauge.dec();
                        duration.labels(method, route, Integer.toString(status), Boolean.toString(ws))
                                .observe((System.nanoTime() - start) / 1e9);
                    }
                };
                return super.handle(request, response, observed);
            }
        };
    }
}
