// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.protobuf.StringValue;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.skald.spi.module.Module;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Dictionary;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** HTTP/1.1, h2c (Upgrade and prior knowledge) and gRPC answer on the one port. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SharedPortIT extends SkaldTestSupport {

    @Before
    public void running() throws Exception {
        awaitRunning(MODULE_COUNT);
    }

    @Test
    public void grpcHealthAndHttpShareThePort() throws Exception {
        HttpResponse<String> http = get("/ready");
        assertEquals(200, http.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, http.version());
        try (GrpcCall grpc = new GrpcCall()) {
            GrpcCall.Result<HealthCheckResponse> result = grpc.unary(
                    url(""),
                    "/grpc.health.v1.Health/Check",
                    HealthCheckRequest.newBuilder().setService("").build(),
                    HealthCheckResponse.parser());
            assertEquals(200, result.httpStatus());
            assertEquals("0", result.grpcStatus());
            assertEquals(
                    HealthCheckResponse.ServingStatus.SERVING, result.message().getStatus());

            GrpcCall.Result<HealthCheckResponse> unknown = grpc.unary(
                    url(""),
                    "/grpc.health.v1.Health/Check",
                    HealthCheckRequest.newBuilder()
                            .setService("no.such.Service")
                            .build(),
                    HealthCheckResponse.parser());
            assertEquals("5", unknown.grpcStatus()); // NOT_FOUND
        }
        String metrics = get("/metrics").body();
        assertTrue(metrics, metrics.contains("route=\"/grpc.health.v1.Health/Check\",status_code=\"200\""));
    }

    @Test
    public void grpcServicesComeAndGoWithTheirServiceRegistrations() throws Exception {
        MethodDescriptor<StringValue, StringValue> say = MethodDescriptor.<StringValue, StringValue>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("itest.Echo/Say")
                .setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
                .build();
        BindableService echo = () -> ServerServiceDefinition.builder("itest.Echo")
                .addMethod(say, ServerCalls.asyncUnaryCall((StringValue request, StreamObserver<StringValue> out) -> {
                    out.onNext(StringValue.of("echo " + request.getValue()));
                    out.onCompleted();
                }))
                .build();
        ServiceRegistration<BindableService> reg = context.registerService(BindableService.class, echo, null);
        try (GrpcCall grpc = new GrpcCall()) {
            GrpcCall.Result<StringValue> reply =
                    grpc.unary(url(""), "/itest.Echo/Say", StringValue.of("hi"), StringValue.parser());
            assertEquals("0", reply.grpcStatus());
            assertEquals("echo hi", reply.message().getValue());
            reg.unregister();
            reg = null;
            GrpcCall.Result<StringValue> gone =
                    grpc.unary(url(""), "/itest.Echo/Say", StringValue.of("hi"), StringValue.parser());
            assertEquals("12", gone.grpcStatus()); // UNIMPLEMENTED
            GrpcCall.Result<HealthCheckResponse> health = grpc.unary(
                    url(""),
                    "/grpc.health.v1.Health/Check",
                    HealthCheckRequest.getDefaultInstance(),
                    HealthCheckResponse.parser());
            assertEquals("0", health.grpcStatus());
        } finally {
            if (reg != null) {
                reg.unregister();
            }
        }
    }

    @Test
    public void aNewPortRebindsInPlaceWithoutRestartingAnyModule() throws Exception {
        ServiceReference<?> before = context.getServiceReferences(Module.class.getName(), "(skald.module=ingester)")[0];
        int newPort;
        try (ServerSocket s = new ServerSocket(0)) {
            newPort = s.getLocalPort();
        }
        ConfigurationAdmin cm = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        Configuration server = cm.getConfiguration("skald.server", "?");
        Dictionary<String, Object> props = server.getProperties();
        Object oldPort = props.get("httpListenPort");
        props.put("httpListenPort", newPort);
        server.update(props);
        try {
            HttpClient client = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + 20_000_000_000L;
            HttpResponse<String> ready = null;
            while (System.nanoTime() < deadline) {
                try {
                    ready = client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + newPort + "/ready"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not rebound yet
                }
                Thread.sleep(50);
            }
            assertEquals(200, ready.statusCode());
            ServiceReference<?> after =
                    context.getServiceReferences(Module.class.getName(), "(skald.module=ingester)")[0];
            assertEquals(
                    "the ingester was not restarted",
                    before.getProperty("service.id"),
                    after.getProperty("service.id"));
        } finally {
            props.put("httpListenPort", oldPort);
            server.update(props);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline) { // the other tests of this class use the old port
                try {
                    if (get("/ready").statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // still rebinding
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    public void h2cUpgradeFromHttp11() throws Exception {
        HttpClient h2 =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // The JDK client offers Upgrade: h2c on its first request; later ones ride the upgraded connection.
        HttpResponse<String> first = h2.send(
                HttpRequest.newBuilder(URI.create(url("/ready"))).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = h2.send(
                HttpRequest.newBuilder(URI.create(url("/services"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, first.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, first.version());
        assertEquals(HttpClient.Version.HTTP_2, second.version());
        assertTrue(second.body().contains("server => Running"));
    }
}
