// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.skald.spi.http.Middleware;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Route;
import io.skald.spi.http.Tenant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/** The whiteboard: middleware registered at run time wraps HTTP and gRPC, and leaves when unregistered. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MiddlewareIT extends SkaldTestSupport {

    @Before
    public void running() throws Exception {
        awaitRunning(MODULE_COUNT);
    }

    @Test
    public void middlewareWrapsHttpAndGrpcAndLeavesWhenStopped() throws Exception {
        Middleware stamp = next -> new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                response.getHeaders().put("X-Itest", "wrapped");
                return super.handle(request, response, callback);
            }
        };
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, 100);
        ServiceRegistration<Middleware> reg = context.registerService(Middleware.class, stamp, props);
        try (GrpcCall grpc = new GrpcCall()) {
            assertEquals(
                    "wrapped", get("/ready").headers().firstValue("X-Itest").orElse(null));
            GrpcCall.Result<HealthCheckResponse> call = grpc.unary(
                    url(""),
                    "/grpc.health.v1.Health/Check",
                    HealthCheckRequest.getDefaultInstance(),
                    HealthCheckResponse.parser());
            assertEquals("0", call.grpcStatus());
            assertEquals("wrapped", call.headers().get("X-Itest"));

            reg.unregister();
            reg = null;
            assertFalse(get("/ready").headers().firstValue("X-Itest").isPresent());
            GrpcCall.Result<HealthCheckResponse> after = grpc.unary(
                    url(""),
                    "/grpc.health.v1.Health/Check",
                    HealthCheckRequest.getDefaultInstance(),
                    HealthCheckResponse.parser());
            assertEquals("0", after.grpcStatus());
            assertNull(after.headers().get("X-Itest"));
        } finally {
            if (reg != null) {
                reg.unregister();
            }
        }
    }

    @Test
    public void routeAppearsAndDisappearsWithItsService() throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("skald.http.route", "/itest/echo/{word}");
        ServiceRegistration<Request.Handler> reg = context.registerService(
                Request.Handler.class,
                (request, response, callback) -> Responses.text(
                        response, callback, 200, Route.of(request).pathParam("word")),
                props);
        assertEquals("hello", get("/itest/echo/hello").body());
        reg.unregister();
        assertEquals(404, get("/itest/echo/hello").statusCode());
    }

    @Test
    public void anExceptionBecomesAJson500AndTheServerKeepsServing() throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("skald.http.route", "/itest/boom");
        ServiceRegistration<Request.Handler> reg = context.registerService(
                Request.Handler.class,
                (request, response, callback) -> {
                    throw new IllegalStateException("kaboom");
                },
                props);
        try {
            HttpResponse<String> boom = get("/itest/boom");
            assertEquals(500, boom.statusCode());
            assertTrue(boom.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertTrue(
                    boom.body(),
                    boom.body()
                            .contains(
                                    "\"message\":\"internal server error: java.lang.IllegalStateException: kaboom\""));
            assertEquals(200, get("/ready").statusCode());
            assertTrue(get("/metrics").body().contains("route=\"itest_boom\",status_code=\"500\""));
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void withAuthDisabledEveryTenantScopedRequestIsFake() throws Exception {
        ServiceRegistration<Request.Handler> reg = registerWhoAmI(context);
        try {
            HttpResponse<String> plain = get("/itest/whoami");
            assertEquals("fake", plain.body());
            HttpResponse<String> withHeader = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url("/itest/whoami")))
                            .header(Tenant.HEADER, "team-a")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("fake", withHeader.body());
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void gzipCompressesForClientsThatAskAndInflatesGzipBodies() throws Exception {
        HttpResponse<byte[]> metrics = HTTP.send(
                HttpRequest.newBuilder(URI.create(url("/metrics")))
                        .header("Accept-Encoding", "gzip")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", metrics.headers().firstValue("Content-Encoding").orElse(null));
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(metrics.body())).readAllBytes());
        assertTrue(text.contains("jvm_memory_bytes_used"));

        Dictionary<String, Object> props = new Hashtable<>();
        props.put("skald.http.route", "/itest/body");
        ServiceRegistration<Request.Handler> reg = context.registerService(
                Request.Handler.class,
                (request, response, callback) ->
                        Responses.text(response, callback, 200, Content.Source.asString(request)),
                props);
        try {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write("{\"streams\":[]}".getBytes());
            }
            HttpResponse<String> echoed = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url("/itest/body")))
                            .header("Content-Encoding", "gzip")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"streams\":[]}", echoed.body());
        } finally {
            reg.unregister();
        }
    }

    static ServiceRegistration<Request.Handler> registerWhoAmI(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("skald.http.route", "/itest/whoami");
        props.put("skald.tenant.required", true);
        return context.registerService(
                Request.Handler.class,
                (request, response, callback) -> Responses.text(response, callback, 200, Tenant.of(request)),
                props);
    }
}
