// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Middleware;
import io.skald.spi.http.Responses;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /modules}: the live module graph as JSON (modules, states, bundles, dependency edges,
 * whiteboard contributions and anything that failed to deploy), or the status page for a browser.
 */
@Component(service = Request.Handler.class)
@HttpRoute({"/modules", "/"})
public final class ModulesRoute implements Request.Handler {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING);

    private final ModuleRegistry registry;
    private final BundleContext context;
    private final String statusPage;
    private final DeployMonitor deploy;

    @Activate
    public ModulesRoute(@Reference ModuleRegistry registry, @Reference DeployMonitor deploy, BundleContext context)
            throws Exception {
        this.registry = registry;
        this.deploy = deploy;
        this.context = context;
        try (var in = ModulesRoute.class.getResourceAsStream("status.html")) {
            this.statusPage = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        boolean html = path.equals("/") || (accept != null && accept.contains("text/html"));
        if (html) {
            return Responses.write(response, callback, 200, "text/html; charset=utf-8", statusPage);
        }
        return Responses.json(response, callback, 200, JSON.writeValueAsString(document()));
    }

    Map<String, Object> document() throws Exception {
        List<ModuleView> modules = registry.modules();
        List<Map<String, String>> edges = new ArrayList<>();
        for (ModuleView m : modules) {
            for (String dep : m.dependsOn()) {
                edges.add(Map.of("from", m.name(), "to", dep));
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("modules", modules);
        doc.put("edges", edges);
        doc.put("plugins", plugins());
        doc.put("problems", deploy.problems());
        return doc;
    }

    private Map<String, Object> plugins() throws Exception {
        Map<String, Object> plugins = new LinkedHashMap<>();
        List<Map<String, Object>> middleware = new ArrayList<>();
        for (ServiceReference<Middleware> ref : context.getServiceReferences(Middleware.class, null)) {
            Map<String, Object> m = contribution(ref);
            Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
            m.put("ranking", ranking instanceof Integer r ? r : 0);
            middleware.add(m);
        }
        middleware.sort((a, b) -> Integer.compare((Integer) b.get("ranking"), (Integer) a.get("ranking")));
        List<Map<String, Object>> routes = new ArrayList<>();
        for (ServiceReference<?> ref : refs(Request.Handler.class.getName(), "(skald.http.route=*)")) {
            Map<String, Object> m = contribution(ref);
            m.put("paths", ref.getProperty("skald.http.route"));
            routes.add(m);
        }
        List<Map<String, Object>> grpc = new ArrayList<>();
        for (ServiceReference<?> ref : refs("io.grpc.BindableService", null)) {
            grpc.add(contribution(ref));
        }
        plugins.put("middleware", middleware);
        plugins.put("routes", routes);
        plugins.put("grpcServices", grpc);
        return plugins;
    }

    private ServiceReference<?>[] refs(String clazz, String filter) throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(clazz, filter);
        return refs == null ? new ServiceReference<?>[0] : refs;
    }

    private static Map<String, Object> contribution(ServiceReference<?> ref) {
        Map<String, Object> m = new LinkedHashMap<>();
        Object component = ref.getProperty("component.name");
        m.put("name", component != null ? component : "service " + ref.getProperty(Constants.SERVICE_ID));
        Bundle b = ref.getBundle();
        m.put("bundle", b == null ? null : b.getSymbolicName());
        return m;
    }
}
