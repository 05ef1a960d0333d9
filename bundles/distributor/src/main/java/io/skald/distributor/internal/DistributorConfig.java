// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Module {@code distributor}: its {@code distributor:} section and the {@code limits_config:} it
 * enforces (properties {@code limits.*}), with Loki's defaults. PID {@value #PID}.
 */
@ObjectClassDefinition(id = DistributorConfig.PID, name = "Skald distributor",
        description = "Loki's push API, validation and per-tenant limits.")
public @interface DistributorConfig {
    String PID = "skald.distributor";

    @AttributeDefinition(description = "Largest push body accepted, compressed or not, in bytes (distributor.max_recv_msg_size).")
    int maxRecvMsgSize() default 100 << 20;

    @AttributeDefinition(description = "Loki's runtime overrides file (runtime_config.file): per-tenant limits, reloaded while running.")
    String runtimeConfig_file() default "";

    @AttributeDefinition(description = "How often the overrides file is checked for changes (runtime_config.period).")
    String runtimeConfig_period() default "10s";

    @AttributeDefinition(description = "Per-tenant ingestion rate in MB/s (limits_config.ingestion_rate_mb).")
    double limits_ingestionRateMb() default 4;

    @AttributeDefinition(description = "Per-tenant burst in MB (limits_config.ingestion_burst_size_mb).")
    double limits_ingestionBurstSizeMb() default 6;

    @AttributeDefinition(description = "limits_config.max_label_name_length")
    int limits_maxLabelNameLength() default 1024;

    @AttributeDefinition(description = "limits_config.max_label_value_length")
    int limits_maxLabelValueLength() default 2048;

    @AttributeDefinition(description = "limits_config.max_label_names_per_series")
    int limits_maxLabelNamesPerSeries() default 15;

    @AttributeDefinition(description = "limits_config.reject_old_samples")
    boolean limits_rejectOldSamples() default true;

    @AttributeDefinition(description = "limits_config.reject_old_samples_max_age")
    String limits_rejectOldSamplesMaxAge() default "168h";

    @AttributeDefinition(description = "limits_config.creation_grace_period: how far in the future an entry may be.")
    String limits_creationGracePeriod() default "10m";

    @AttributeDefinition(description = "limits_config.max_line_size (e.g. 256KB; 0 = no limit).")
    String limits_maxLineSize() default "256KB";

    @AttributeDefinition(description = "limits_config.max_line_size_truncate: cut long lines instead of refusing them.")
    boolean limits_maxLineSizeTruncate() default false;

    @AttributeDefinition(description = "limits_config.allow_structured_metadata")
    boolean limits_allowStructuredMetadata() default true;

    @AttributeDefinition(description = "limits_config.max_structured_metadata_size")
    String limits_maxStructuredMetadataSize() default "64KB";

    @AttributeDefinition(description = "limits_config.max_structured_metadata_entries_count")
    int limits_maxStructuredMetadataEntriesCount() default 128;

    @AttributeDefinition(description = "limits_config.discover_service_name: labels whose value becomes service_name when a stream has none; empty disables.")
    String[] limits_discoverServiceName() default {"service", "app", "application", "app_name", "name",
            "app_kubernetes_io_name", "container", "container_name", "k8s_container_name", "component", "workload",
            "job", "k8s_job_name"};
}
