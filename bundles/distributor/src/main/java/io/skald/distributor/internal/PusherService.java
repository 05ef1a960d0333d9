// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.skald.logproto.PushRequest;
import io.skald.logproto.PushResponse;
import io.skald.logproto.PusherGrpc;
import io.skald.spi.http.Tenant;
import io.skald.spi.http.TenantRequired;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * gRPC {@code /logproto.Pusher/Push} on the shared port, through the same distributor as HTTP.
 * The tenant middleware has already enforced {@code X-Scope-OrgID} when auth is on; here the tenant
 * is read from the call's metadata, or is {@code fake} with auth off, as in Loki.
 */
@Component(
        service = BindableService.class,
        configurationPid = "skald.server",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@TenantRequired
public final class PusherService implements BindableService, PusherGrpc.AsyncService {
    private static final Context.Key<String> TENANT = Context.key("skald.tenant");
    private static final Metadata.Key<String> ORG_ID = Metadata.Key.of(Tenant.HEADER, Metadata.ASCII_STRING_MARSHALLER);

    private final Distributor distributor;
    private volatile boolean authEnabled;

    @Activate
    public PusherService(@Reference Distributor distributor, Map<String, Object> serverConfig) {
        this.distributor = distributor;
        this.authEnabled = Boolean.parseBoolean(String.valueOf(serverConfig.get("authEnabled")));
    }

    @Modified
    void modified(Map<String, Object> serverConfig) {
        this.authEnabled = Boolean.parseBoolean(String.valueOf(serverConfig.get("authEnabled")));
    }

    @Override
    public ServerServiceDefinition bindService() {
        return ServerInterceptors.intercept(PusherGrpc.bindService(this), new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                String orgId = authEnabled ? headers.get(ORG_ID) : Tenant.DEFAULT;
                if (orgId == null || orgId.isEmpty()) {
                    call.close(Status.UNAUTHENTICATED.withDescription("no org id"), new Metadata());
                    return new ServerCall.Listener<>() {};
                }
                String tenant;
                try {
                    tenant = Tenant.resolve(orgId);
                } catch (IllegalArgumentException invalid) {
                    call.close(Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()), new Metadata());
                    return new ServerCall.Listener<>() {};
                }
                return Contexts.interceptCall(Context.current().withValue(TENANT, tenant), call, headers, next);
            }
        });
    }

    @Override
    public void push(PushRequest request, StreamObserver<PushResponse> response) {
        Distributor.Outcome outcome = distributor.push(TENANT.get(), PushDecoder.fromProto(request));
        if (outcome.status() == 204) {
            response.onNext(PushResponse.getDefaultInstance());
            response.onCompleted();
            return;
        }
        Status status = switch (outcome.status()) {
            case 429 -> Status.RESOURCE_EXHAUSTED;
            case 503 -> Status.UNAVAILABLE;
            default -> Status.INVALID_ARGUMENT;
        };
        response.onError(status.withDescription(outcome.body().strip()).asRuntimeException());
    }
}
