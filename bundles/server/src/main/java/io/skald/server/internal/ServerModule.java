// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.skald.core.go.GoDuration;
import io.skald.core.module.ModuleService;
import io.skald.server.internal.http.GrpcServices;
import io.skald.server.internal.http.RootHandler;
import io.skald.server.internal.http.RouteTable;
import io.skald.spi.http.Middleware;
import io.skald.spi.module.Modules;
import io.skald.spi.module.SkaldModule;
import io.skald.spi.module.State;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Module {@code server}: one Jetty connector that speaks HTTP/1.1 and HTTP/2 cleartext (prior
 * knowledge and {@code Upgrade: h2c}), so gRPC and plain HTTP share the port as cmux makes them do
 * in Loki. Routes, gRPC services and middleware arrive through the whiteboard at any time.
 */
@Component(
        name = ServerConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@SkaldModule(Modules.SERVER)
@Designate(ocd = ServerConfig.class)
public final class ServerModule implements ModuleService.Hooks {
    private static final Logger log = LoggerFactory.getLogger(ServerModule.class);

    private final HealthStatusManager health = new HealthStatusManager();
    private final GrpcServices grpc = new GrpcServices(List.of(health.getHealthService()));
    private final RootHandler root = new RootHandler(grpc);
    private final Map<Long, Middleware> middleware = new ConcurrentSkipListMap<>();
    private final Map<Long, Integer> middlewareRanking = new ConcurrentSkipListMap<>();
    private volatile ServerConfig config;
    private Server jetty;
    private ModuleService service;

    // --- SCR integration: the whiteboard. Bound before activation as well as after. ---

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(skald.http.route=*)")
    void bindRoute(Request.Handler handler, Map<String, Object> props) {
        long id = (Long) props.get(Constants.SERVICE_ID);
        boolean tenant = Boolean.parseBoolean(String.valueOf(props.get("skald.tenant.required")));
        int ranking = props.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        List<RouteTable.Entry> entries = new ArrayList<>();
        for (String pattern : strings(props.get("skald.http.route"))) {
            entries.add(new RouteTable.Entry(pattern, handler, tenant, ranking, id));
        }
        synchronized (root) {
            root.setRoutes(root.routes().with(entries));
        }
    }

    void unbindRoute(Request.Handler handler, Map<String, Object> props) {
        synchronized (root) {
            root.setRoutes(root.routes().without((Long) props.get(Constants.SERVICE_ID)));
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindGrpcService(BindableService grpcService, Map<String, Object> props) {
        grpc.add(
                (Long) props.get(Constants.SERVICE_ID),
                grpcService,
                Boolean.parseBoolean(String.valueOf(props.get("skald.tenant.required"))));
    }

    void unbindGrpcService(BindableService grpcService, Map<String, Object> props) {
        grpc.remove((Long) props.get(Constants.SERVICE_ID));
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMiddleware(Middleware mw, Map<String, Object> props) throws Exception {
        long id = (Long) props.get(Constants.SERVICE_ID);
        middlewareRanking.put(id, props.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0);
        middleware.put(id, mw);
        rebuildChain();
    }

    void unbindMiddleware(Middleware mw, Map<String, Object> props) throws Exception {
        long id = (Long) props.get(Constants.SERVICE_ID);
        middleware.remove(id);
        middlewareRanking.remove(id);
        rebuildChain();
    }

    void updatedMiddleware(Middleware mw, Map<String, Object> props) throws Exception {
        bindMiddleware(mw, props);
    }

    private synchronized void rebuildChain() throws Exception {
        List<Long> ids = new ArrayList<>(middleware.keySet());
        // Highest ranking outermost; on a tie the older service (lower id) is further out.
        ids.sort(Comparator.comparing((Long id) -> middlewareRanking.getOrDefault(id, 0))
                .reversed()
                .thenComparing(Comparator.naturalOrder()));
        List<Middleware> ordered = new ArrayList<>();
        for (Long id : ids) {
            Middleware mw = middleware.get(id);
            if (mw != null) {
                ordered.add(mw);
            }
        }
        root.setMiddleware(ordered);
    }

    // --- Lifecycle ---

    @Activate
    void activate(BundleContext context, ServerConfig config) {
        this.config = config;
        this.service = ModuleService.start(context, Modules.SERVER, this);
    }

    /**
     * A change to the {@code server:} section or {@code auth_enabled} arrives here, not as a restart:
     * the module stays Running and its dependents stay up. Only a new listen address, port or shutdown
     * timeout rebinds Jetty, in place.
     */
    @Modified
    void modified(ServerConfig next) throws Exception {
        ServerConfig previous = this.config;
        this.config = next;
        boolean rebind = !previous.httpListenAddress().equals(next.httpListenAddress())
                || previous.httpListenPort() != next.httpListenPort()
                || !previous.gracefulShutdownTimeout().equals(next.gracefulShutdownTimeout());
        if (rebind && service.state() == State.RUNNING) {
            synchronized (this) {
                if (jetty != null) {
                    jetty.stop();
                    jetty = null;
                }
                startJetty();
            }
        }
    }

    @Deactivate
    void deactivate() {
        service.stop();
    }

    @Override
    public void starting() throws Exception {
        startJetty();
        health.setStatus("", ServingStatus.SERVING);
    }

    private void startJetty() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("skald-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        ServerConnector connector =
                new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        String host = config.httpListenAddress();
        connector.setHost(host == null || host.isBlank() ? null : host);
        connector.setPort(config.httpListenPort());
        server.addConnector(connector);
        server.setHandler(new GracefulHandler(root));
        server.setStopTimeout(GoDuration.parse(config.gracefulShutdownTimeout()).toMillis());
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw new IllegalStateException(
                    "cannot listen on port " + config.httpListenPort() + ": " + e.getMessage(), e);
        }
        jetty = server;
        log.info(
                "server listening on {}:{} (HTTP/1.1, h2c, gRPC)",
                host == null || host.isBlank() ? "*" : host,
                connector.getLocalPort());
    }

    @Override
    public void stopping(Throwable failure) throws Exception {
        health.enterTerminalState();
        if (jetty != null) {
            jetty.stop(); // graceful: waits for in-flight requests up to the configured timeout
            jetty = null;
        }
    }

    private static List<String> strings(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof String[] a) {
            return List.of(a);
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
