// SPDX-License-Identifier: Apache-2.0
package io.skald.spi.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Publishes an {@code org.eclipse.jetty.server.Request.Handler} service on the given paths
 * (service property {@code skald.http.route}).
 *
 * <p>A path is exact ({@code /ready}), may hold named segments ({@code /loki/api/v1/label/{name}/values},
 * read back with {@link Route#pathParam}) or may end in {@code /*} to take a whole subtree. Exact
 * paths win over patterns, longer patterns over shorter ones.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface HttpRoute {
    String PREFIX_ = "skald.";

    String[] value();
}
