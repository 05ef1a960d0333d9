// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.http;

import io.grpc.BindableService;
import io.grpc.servlet.jakarta.GrpcServlet;
import io.skald.spi.http.Route;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC services on the shared port. grpc-servlet fixes its services when built, so every change
 * builds a new {@link GrpcServlet} and swaps it in; calls already running finish on the old one.
 * The servlet registered with Jetty is this class, which forwards to the current one. A replaced
 * servlet is destroyed one change later, which gives the calls it still carries time to end.
 */
public final class GrpcServices extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(GrpcServices.class);

    private record Snapshot(GrpcServlet servlet, Map<String, Boolean> tenantByService) {}

    private final Map<Long, BindableService> services = new LinkedHashMap<>();
    private final Map<Long, Boolean> tenantRequired = new HashMap<>();
    private final List<BindableService> builtIn;
    private volatile Snapshot current;
    private GrpcServlet retired;

    public GrpcServices(List<BindableService> builtIn) {
        this.builtIn = List.copyOf(builtIn);
        rebuild();
    }

    public synchronized void add(long serviceId, BindableService service, boolean tenant) {
        services.put(serviceId, service);
        tenantRequired.put(serviceId, tenant);
        rebuild();
    }

    public synchronized void remove(long serviceId) {
        if (services.remove(serviceId) != null) {
            tenantRequired.remove(serviceId);
            rebuild();
        }
    }

    /** The names of the services served now, e.g. {@code grpc.health.v1.Health}. */
    public List<String> serviceNames() {
        return new ArrayList<>(current.tenantByService().keySet());
    }

    /** The route of a gRPC call: the full method path names it, as in Loki's request metrics. */
    public Route route(String path) {
        int slash = path.indexOf('/', 1);
        String service = slash > 1 ? path.substring(1, slash) : "";
        Boolean tenant = current.tenantByService().get(service);
        return new Route(path, tenant != null && tenant, Map.of());
    }

    private void rebuild() {
        List<BindableService> all = new ArrayList<>(builtIn);
        Map<String, Boolean> tenants = new LinkedHashMap<>();
        builtIn.forEach(s -> tenants.put(s.bindService().getServiceDescriptor().getName(), false));
        services.forEach((id, s) -> {
            String name = s.bindService().getServiceDescriptor().getName();
            if (tenants.containsKey(name)) {
                // First come, first served: a second service of the same name waits until the first leaves.
                log.warn("gRPC service {} (service.id {}) is already served; ignoring this one", name, id);
                return;
            }
            all.add(s);
            tenants.put(name, tenantRequired.get(id));
        });
        Snapshot previous = current;
        current = new Snapshot(new GrpcServlet(all), Map.copyOf(tenants));
        if (retired != null) {
            retired.destroy();
        }
        retired = previous == null ? null : previous.servlet();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        current.servlet().service(req, resp);
    }

    @Override
    public synchronized void destroy() {
        if (retired != null) {
            retired.destroy();
            retired = null;
        }
        current.servlet().destroy();
    }
}
