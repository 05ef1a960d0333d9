// SPDX-License-Identifier: Apache-2.0
package io.skald.metrics.internal;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import java.io.StringWriter;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /metrics} in the Prometheus text exposition format 0.0.4. */
@Component(service = Request.Handler.class)
@HttpRoute("/metrics")
public final class MetricsRoute implements Request.Handler {
    private final CollectorRegistry registry;

    @Activate
    public MetricsRoute(@Reference CollectorRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        StringWriter out = new StringWriter(16 * 1024);
        TextFormat.write004(out, registry.metricFamilySamples());
        return Responses.write(response, callback, 200, TextFormat.CONTENT_TYPE_004, out.toString());
    }
}
