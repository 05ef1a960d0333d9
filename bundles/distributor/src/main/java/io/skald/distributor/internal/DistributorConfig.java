// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Module {@code distributor}: its {@code distributor:} section, with Loki's defaults. Its limits come
 * from the limits service, per tenant. PID {@value #PID}.
 */
@ObjectClassDefinition(
        id = DistributorConfig.PID,
        name = "Skald distributor",
        description = "Loki's push API, validation and per-tenant limits.")
public @interface DistributorConfig {
    String PID = "skald.distributor";

    @AttributeDefinition(
            description = "Largest push body accepted, compressed or not, in bytes (distributor.max_recv_msg_size).")
    int maxRecvMsgSize() default 100 << 20;
}
