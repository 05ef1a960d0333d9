// SPDX-License-Identifier: Apache-2.0
package io.skald.limits.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The limits service: {@code limits_config} and {@code runtime_config} of the YAML config. PID {@value #PID}. */
@ObjectClassDefinition(
        id = LimitsServiceConfig.PID,
        name = "Skald limits",
        description = "Loki's limits_config for every tenant, overridden per tenant by the runtime overrides file.")
public @interface LimitsServiceConfig {
    String PID = "skald.limits";

    @AttributeDefinition(
            description = "The limits_config section as YAML (Loki's keys); what it leaves out is Loki's default.")
    String limitsConfig() default "";

    @AttributeDefinition(
            description =
                    "Loki's runtime overrides file (runtime_config.file): per-tenant limits, re-read while running.")
    String runtimeConfig_file() default "";

    @AttributeDefinition(description = "How often the overrides file is read again (runtime_config.period).")
    String runtimeConfig_period() default "10s";
}
