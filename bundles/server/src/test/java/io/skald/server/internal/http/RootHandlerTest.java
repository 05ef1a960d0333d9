// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.server.internal.middleware.GzipMiddleware;
import io.skald.server.internal.middleware.RecoveryMiddleware;
import io.skald.server.internal.middleware.TenantMiddlewareAccess;
import io.skald.spi.http.Middleware;
import io.skald.spi.http.Responses;
import io.skald.spi.http.Tenant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chain the Jetty way: a real Server, a LocalConnector, raw HTTP text, no socket. */
class RootHandlerTest {
    private Server server;
    private LocalConnector connector;
    private RootHandler root;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        connector = new LocalConnector(server);
        server.addConnector(connector);
        root = new RootHandler(new GrpcServices(List.of()));
        server.setHandler(root);
        root.setRoutes(new RouteTable(List.of(
                new RouteTable.Entry("/hello", (req, res, cb) -> Responses.text(res, cb, 200, "hello"), false, 0, 1),
                new RouteTable.Entry(
                        "/boom",
                        (req, res, cb) -> {
                            throw new IllegalStateException("boom");
                        },
                        false,
                        0,
                        2),
                new RouteTable.Entry(
                        "/tenant", (req, res, cb) -> Responses.text(res, cb, 200, Tenant.of(req)), true, 0, 3),
                new RouteTable.Entry(
                        "/big", (req, res, cb) -> Responses.text(res, cb, 200, "x".repeat(5000)), false, 0, 4),
                new RouteTable.Entry("/declines", (req, res, cb) -> false, false, 0, 5))));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private HttpTester.Response get(String path, String... headers) throws Exception {
        StringBuilder raw = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: test\r\n");
        for (String h : headers) {
            raw.append(h).append("\r\n");
        }
        raw.append("Connection: close\r\n\r\n");
        return HttpTester.parseResponse(connector.getResponse(raw.toString()));
    }

    private static Middleware tag(String name, List<String> log) {
        return next -> new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                log.add(name);
                return super.handle(request, response, callback);
            }
        };
    }

    @Test
    void routesAnswerAndUnknownPathsGetLokisNotFound() throws Exception {
        assertEquals("hello", get("/hello").getContent());
        HttpTester.Response missing = get("/missing");
        assertEquals(404, missing.getStatus());
        assertEquals("404 page not found\n", missing.getContent());
        assertEquals(404, get("/declines").getStatus());
    }

    @Test
    void middlewareRunsOutermostFirstAndTheChainIsRebuiltLive() throws Exception {
        List<String> log = new ArrayList<>();
        root.setMiddleware(List.of(tag("outer", log), tag("inner", log)));
        get("/hello");
        assertEquals(List.of("outer", "inner"), log);
        log.clear();
        root.setMiddleware(List.of(tag("inner", log)));
        get("/hello");
        assertEquals(List.of("inner"), log);
    }

    @Test
    void recoveryTurnsAnExceptionIntoJson500() throws Exception {
        root.setMiddleware(List.of(new RecoveryMiddleware()));
        HttpTester.Response boom = get("/boom");
        assertEquals(500, boom.getStatus());
        assertEquals("application/json; charset=utf-8", boom.get("Content-Type"));
        assertEquals(
                "{\"status\":\"error\",\"code\":500,\"message\":\"internal server error: java.lang.IllegalStateException: boom\"}",
                boom.getContent());
        assertEquals("hello", get("/hello").getContent(), "keeps serving");
    }

    @Test
    void tenantIsFakeWithoutAuthAndRequiredWithIt() throws Exception {
        root.setMiddleware(List.of(TenantMiddlewareAccess.create(false)));
        assertEquals("fake", get("/tenant", "X-Scope-OrgID: a").getContent());
        root.setMiddleware(List.of(TenantMiddlewareAccess.create(true)));
        HttpTester.Response none = get("/tenant");
        assertEquals(401, none.getStatus());
        assertEquals("no org id\n", none.getContent());
        assertEquals("a", get("/tenant", "X-Scope-OrgID: a").getContent());
        assertEquals("hello", get("/hello").getContent(), "untenanted routes need no header");
    }

    @Test
    void gzipCompressesOnlyForClientsThatAsk() throws Exception {
        root.setMiddleware(List.of(new GzipMiddleware()));
        assertEquals("gzip", get("/big", "Accept-Encoding: gzip").get("Content-Encoding"));
        HttpTester.Response plain = get("/big");
        assertEquals(null, plain.get("Content-Encoding"));
        assertTrue(plain.getContent().startsWith("xxxx"));
    }
}
