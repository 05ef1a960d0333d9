// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skald.config.Targets;
import io.skald.spi.module.Module;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;

/** The whole runtime boots, every module reaches Running, and the graph SCR runs is the one Targets describes. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModuleGraphIT extends SkaldTestSupport {
    private static final Pattern MODULE = Pattern.compile("\\(skald\\.module=([^)]+)\\)");

    @Inject
    private ServiceComponentRuntime scr;

    /** Every module runs here, the pattern ingester (off by default, as in Loki) included. */
    @Override
    protected List<String> extraFlags() {
        return List.of("-pattern-ingester.enabled=true");
    }

    @Before
    public void running() throws Exception {
        awaitRunning(MODULE_COUNT + 1);
    }

    @Test
    public void everyBundleIsActive() {
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            // A lazily activated bundle (snappy-java) starts on first use; resolved is all it must be.
            boolean lazy = "lazy".equals(b.getHeaders().get("Bundle-ActivationPolicy"));
            if (lazy) {
                assertTrue(b.getSymbolicName() + " is not resolved", b.getState() != Bundle.INSTALLED);
            } else if (!fragment && !b.getSymbolicName().startsWith("PAXEXAM")) {
                assertEquals(b.getSymbolicName() + " is not active", Bundle.ACTIVE, b.getState());
            }
        }
    }

    @Test
    public void readyAnswersReadyOnceEveryModuleRuns() throws Exception {
        HttpResponse<String> ready = get("/ready");
        assertEquals(200, ready.statusCode());
        assertEquals("ready\n", ready.body());
    }

    @Test
    public void servicesListsEachModuleInLokisFormat() throws Exception {
        HttpResponse<String> services = get("/services");
        assertEquals(200, services.statusCode());
        assertTrue(services.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        Set<String> lines = new TreeSet<>(Arrays.asList(services.body().split("\n")));
        Set<String> expected = new TreeSet<>();
        Targets.modules().forEach(m -> expected.add(m + " => Running"));
        assertEquals(expected, lines);
    }

    @Test
    public void theLiveDsGraphIsTheTargetsMap() {
        Map<String, Set<String>> live = new TreeMap<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            Object name = d.properties.get(Module.NAME);
            if (name == null) {
                continue;
            }
            Set<String> deps = new TreeSet<>();
            for (ReferenceDTO r : d.references) {
                Matcher m = MODULE.matcher(r.target == null ? "" : r.target);
                while (m.find()) {
                    deps.add(m.group(1));
                }
            }
            live.put(name.toString(), deps);
        }
        Map<String, Set<String>> declared = new TreeMap<>();
        Targets.modules().forEach(m -> declared.put(m, new TreeSet<>(Targets.DEPS.get(m))));
        assertEquals(declared, live);
    }

    @Test
    public void modulesEndpointShowsStatesBundlesAndTheSameEdges() throws Exception {
        HttpResponse<String> response = get("/modules");
        assertEquals(200, response.statusCode());
        JsonNode doc = new ObjectMapper().readTree(response.body());
        Set<String> edges = new HashSet<>();
        doc.get("edges")
                .forEach(e ->
                        edges.add(e.get("from").asText() + "->" + e.get("to").asText()));
        Set<String> expected = new HashSet<>();
        Targets.modules().forEach(m -> Targets.DEPS.get(m).forEach(d -> expected.add(m + "->" + d)));
        assertEquals(expected, edges);
        for (JsonNode m : doc.get("modules")) {
            assertEquals(m.get("name").asText(), "Running", m.get("state").asText());
            assertEquals("ACTIVE", m.get("bundle").get("state").asText());
            assertTrue(m.get("bundle").get("symbolicName").asText().startsWith("io.skald."));
        }
        assertTrue(
                "built-in middleware listed",
                doc.get("plugins").get("middleware").size() >= 5);
    }

    @Test
    public void metricsExposeJvmAndRequestHistogram() throws Exception {
        get("/ready");
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String body = metrics.body();
        assertTrue(
                body,
                body.contains(
                        "skald_request_duration_seconds_bucket{method=\"GET\",route=\"ready\",status_code=\"200\",ws=\"false\""));
        assertTrue(body.contains("jvm_memory_bytes_used{area=\"heap\""));
    }

    @Test
    public void configPrintsTheEffectiveYaml() throws Exception {
        HttpResponse<String> config = get("/config");
        assertEquals(200, config.statusCode());
        assertTrue(config.body(), config.body().contains("http_listen_port: " + port()));
        assertTrue(config.body().contains("target: all"));
    }

    @Test
    public void unknownPathIsLokisNotFound() throws Exception {
        HttpResponse<String> response = get("/no/such/path");
        assertEquals(404, response.statusCode());
        assertEquals("404 page not found\n", response.body());
    }
}
