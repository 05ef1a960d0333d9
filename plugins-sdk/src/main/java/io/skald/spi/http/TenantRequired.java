// SPDX-License-Identifier: Apache-2.0
package io.skald.spi.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Marks a route or gRPC service as tenant-scoped (service property {@code skald.tenant.required=true}).
 * The tenant middleware then resolves {@code X-Scope-OrgID} for it: {@code fake} when auth is off,
 * Loki's 401 {@code no org id} when auth is on and the header is missing. Other routes
 * ({@code /ready}, {@code /metrics}) are served without a tenant, as in Loki.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface TenantRequired {
    String PREFIX_ = "skald.";
}
