// SPDX-License-Identifier: Apache-2.0
package io.skald.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Module {@code metrics}. PID {@value #PID}; Loki has no YAML section for it, so all is default. */
@ObjectClassDefinition(
        id = MetricsConfig.PID,
        name = "Skald metrics",
        description = "The Prometheus registry served at /metrics.")
public @interface MetricsConfig {
    String PID = "skald.metrics";

    @AttributeDefinition(name = "JVM metrics", description = "Export JVM metrics (memory, GC, threads, class loading).")
    boolean jvmMetrics() default true;
}
