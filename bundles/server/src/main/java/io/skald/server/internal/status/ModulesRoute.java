// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Middleware;
import io.skald.spi.http.Responses;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
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
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING);

    private final ModuleRegistry registry;
    private final BundleContext context;
    private final String statusPage;

    @Activate
    public ModulesRoute(@Reference ModuleRegistry registry, BundleContext context) throws Exception {
        this.registry = registry;
        this.context = context;
        try (var in = ModulesRoute.class.getResourceAsStream("status.html")) {
            this.statusPage = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
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
        doc.put("problems", problems());
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

    /** Bundles that did not start, with the requirements nothing provides; deploy/ files that are no bundle. */
    private List<Map<String, Object>> problems() {
        List<Map<String, Object>> problems = new ArrayList<>();
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        Set<String> locations = new HashSet<>();
        for (Bundle b : context.getBundles()) {
            locations.add(b.getLocation());
            boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            if (b.getState() == Bundle.ACTIVE || fragment || b.getState() == Bundle.STARTING) {
                continue;
            }
            List<String> missing = new ArrayList<>();
            BundleRevision revision = b.adapt(BundleRevision.class);
            if (revision != null && b.getState() == Bundle.INSTALLED) {
                for (BundleRequirement req : revision.getDeclaredRequirements(null)) {
                    boolean optional = "optional".equals(req.getDirectives().get(Constants.RESOLUTION_DIRECTIVE));
                    if (!optional && wiring.findProviders(req).isEmpty()) {
                        missing.add(req.getNamespace() + " " + req.getDirectives().getOrDefault("filter", ""));
                    }
                }
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("bundle", b.getSymbolicName() == null ? b.getLocation() : b.getSymbolicName());
            p.put("location", b.getLocation());
            p.put("state", ModuleRegistry.bundleState(b));
            p.put("problem", missing.isEmpty() ? "not started" : "unresolved: missing " + String.join("; ", missing));
            problems.add(p);
        }
        String deployDir = context.getProperty("felix.fileinstall.dir");
        File[] files = deployDir == null ? null : new File(deployDir).listFiles((dir, name) -> name.endsWith(".jar"));
        if (files != null) {
            for (File f : files) {
                if (!locations.contains(f.toURI().toString()) && !locations.contains(f.getAbsoluteFile().toURI().toString())) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("bundle", f.getName());
                    p.put("location", f.getPath());
                    p.put("state", "NOT_INSTALLED");
                    p.put("problem", "not installed: not a valid OSGi bundle (see the log)");
                    problems.add(p);
                }
            }
        }
        return problems;
    }
}
