// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skald.spi.http.Responses;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.eclipse.jetty.server.Request;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Disabling a module drops its dependents to unsatisfied; enabling it brings them all back. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwitchIT extends SkaldTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private ServiceComponentRuntime scr;

    @Before
    public void running() throws Exception {
        awaitRunning(MODULE_COUNT);
    }

    private int componentState(String name) {
        ComponentDescriptionDTO d = scr.getComponentDescriptionDTO(findBundle(name), name);
        return scr.getComponentConfigurationDTOs(d).stream()
                .findFirst()
                .map(c -> c.state)
                .orElse(-1);
    }

    private Bundle findBundle(String componentName) {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.name.equals(componentName)) {
                return context.getBundle(d.bundle.id);
            }
        }
        throw new AssertionError("no component " + componentName);
    }

    @Test
    public void disablingStoreTakesItsDependentsDownAndEnablingRestoresThem() throws Exception {
        HttpResponse<String> disabled = post("/admin/modules/store/disable");
        assertEquals(disabled.body(), 200, disabled.statusCode());
        JsonNode states = JSON.readTree(disabled.body()).get("states");
        assertEquals("Terminated", states.get("store").asText());
        for (String dependent : new String[] {"ingester", "querier", "compactor"}) {
            assertEquals(dependent, "New", states.get(dependent).asText());
            assertEquals(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, componentState("skald." + dependent));
        }
        assertEquals("Running", states.get("distributor").asText()); // does not need the store
        HttpResponse<String> ready = get("/ready");
        assertEquals(503, ready.statusCode());
        assertTrue(ready.body(), ready.body().startsWith("Some services are not Running:\nNew: 3\n"));
        assertTrue(ready.body(), ready.body().contains("ingester is New: waiting for module store to be Running"));
        assertTrue(get("/services").body().contains("store => Terminated"));

        HttpResponse<String> enabled = post("/admin/modules/store/enable");
        assertEquals(200, enabled.statusCode());
        JSON.readTree(enabled.body())
                .get("states")
                .fields()
                .forEachRemaining(
                        e -> assertEquals(e.getKey(), "Running", e.getValue().asText()));
        assertEquals(200, get("/ready").statusCode());
        assertEquals(ComponentConfigurationDTO.ACTIVE, componentState("skald.ingester"));
    }

    @Test
    public void disablingMetricsTakesItsRouteAndMiddlewareAlong() throws Exception {
        assertEquals(200, post("/admin/modules/metrics/disable").statusCode());
        assertEquals(404, get("/metrics").statusCode());
        assertEquals(200, post("/admin/modules/metrics/enable").statusCode());
        awaitRunning(MODULE_COUNT);
        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("skald_request_duration_seconds"));
    }

    @Test
    public void inFlightRequestsFinishWhenTheServerStops() throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("skald.http.route", "/itest/slow");
        ServiceRegistration<Request.Handler> reg = context.registerService(
                Request.Handler.class,
                (request, response, callback) -> {
                    Thread.sleep(1_000);
                    return Responses.text(response, callback, 200, "done");
                },
                props);
        try {
            CompletableFuture<HttpResponse<String>> slow = HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(url("/itest/slow"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300); // the request is now inside the handler
            ComponentDescriptionDTO server = scr.getComponentDescriptionDTO(findBundle("skald.server"), "skald.server");
            long start = System.nanoTime();
            scr.disableComponent(server).getValue(); // Jetty's graceful stop waits for the request
            long stopMillis = (System.nanoTime() - start) / 1_000_000;
            HttpResponse<String> finished = slow.get(5, TimeUnit.SECONDS);
            assertEquals(200, finished.statusCode());
            assertEquals("done", finished.body());
            assertTrue("the stop waited for the request: " + stopMillis + " ms", stopMillis >= 400);
            scr.enableComponent(server).getValue();
            awaitRunning(MODULE_COUNT);
            assertEquals(200, get("/ready").statusCode());
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void badSwitchesAreRefusedClearly() throws Exception {
        HttpResponse<String> unknown = post("/admin/modules/nope/disable");
        assertEquals(404, unknown.statusCode());
        assertEquals("unknown module \"nope\"\n", unknown.body());
        assertEquals(400, post("/admin/modules/server/disable").statusCode());
        assertEquals(405, get("/admin/modules/store/disable").statusCode());
        assertEquals(404, post("/admin/modules/store/restart").statusCode());
        assertEquals(200, get("/ready").statusCode());
    }
}
