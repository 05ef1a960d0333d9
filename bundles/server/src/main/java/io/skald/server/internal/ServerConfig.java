// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The {@code server:} section of the YAML config, plus {@code auth_enabled}. PID {@value #PID}. */
@ObjectClassDefinition(
        id = ServerConfig.PID,
        name = "Skald server",
        description = "The shared HTTP/1.1, HTTP/2 and gRPC port, and how requests are admitted.")
public @interface ServerConfig {
    String PID = "skald.server";

    @AttributeDefinition(
            name = "HTTP listen address",
            description = "Address to bind; empty binds every interface, as Loki does.")
    String httpListenAddress() default "";

    @AttributeDefinition(
            name = "HTTP listen port",
            description = "The one port for HTTP/1.1, h2c and gRPC (Loki's default is 3100; 0 picks a free port).")
    int httpListenPort() default 3100;

    @AttributeDefinition(
            name = "Graceful shutdown timeout",
            description = "How long a stop waits for in-flight requests to finish, as a Go duration (e.g. 30s).")
    String gracefulShutdownTimeout() default "30s";

    @AttributeDefinition(
            name = "Auth enabled",
            description =
                    "When true, tenant-scoped requests must carry X-Scope-OrgID; when false every request is tenant 'fake'.")
    boolean authEnabled() default false;

    @AttributeDefinition(
            name = "Admin token",
            description =
                    "Bearer token that opens /admin endpoints to non-loopback clients; empty keeps them loopback-only.",
            type = AttributeType.PASSWORD)
    String adminToken() default "";
}
