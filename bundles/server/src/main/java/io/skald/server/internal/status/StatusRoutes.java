// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.status;

import io.skald.spi.http.HttpRoute;
import io.skald.spi.http.Responses;
import io.skald.spi.module.State;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Loki's {@code GET /services} (one {@code name => State} line per module of the target) and
 * {@code GET /ready} (200 {@code ready} once every enabled module of the target is Running; else 503
 * with Loki's text, a count per state, and, Skald's addition, which module waits for what).
 */
@Component(service = Request.Handler.class)
@HttpRoute({"/services", "/ready"})
public final class StatusRoutes implements Request.Handler {
    private final ModuleRegistry registry;

    @Activate
    public StatusRoutes(@Reference ModuleRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        List<ModuleView> targeted = registry.targeted();
        if (request.getHttpURI().getPath().equals("/services")) {
            String body = targeted.stream()
                    .map(m -> m.name() + " => " + m.state() + "\n")
                    .collect(Collectors.joining());
            return Responses.text(response, callback, 200, body);
        }
        String notReady = notReadyReason(targeted);
        return notReady == null
                ? Responses.text(response, callback, 200, "ready\n")
                : Responses.text(response, callback, 503, notReady);
    }

    /** The 503 text, or {@code null} when every enabled targeted module is Running. */
    static String notReadyReason(List<ModuleView> targeted) {
        List<ModuleView> waiting = targeted.stream()
                .filter(m -> m.enabled() && m.state() != State.RUNNING)
                .toList();
        if (waiting.isEmpty()) {
            return targeted.isEmpty() ? "No modules are configured yet\n" : null;
        }
        Map<State, Long> counts = new TreeMap<>(
                waiting.stream().collect(Collectors.groupingBy(ModuleView::state, Collectors.counting())));
        StringBuilder b = new StringBuilder("Some services are not Running:\n");
        counts.forEach((state, n) -> b.append(state).append(": ").append(n).append('\n'));
        for (ModuleView m : waiting) {
            b.append(m.name()).append(" is ").append(m.state());
            if (m.reason() != null) {
                b.append(": ").append(m.reason());
            }
            b.append('\n');
        }
        return b.toString();
    }
}
