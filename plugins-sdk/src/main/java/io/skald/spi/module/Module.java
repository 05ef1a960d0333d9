// SPDX-License-Identifier: Apache-2.0
package io.skald.spi.module;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A running part of Skald, published as an OSGi service for as long as it is activated.
 *
 * <p>The service carries {@link #NAME} (the module's {@code -target} name) and {@link #STATE}
 * (the {@link State} display name), and the state property follows every transition. A dependency
 * is therefore expressed as a reference filtered on {@code Running}, see {@link Modules}.
 */
@ProviderType
public interface Module {
    /** Service property: the module name, e.g. {@code ingester}. */
    String NAME = "skald.module";
    /** Service property: the module's current {@link State}, e.g. {@code Running}. */
    String STATE = "skald.module.state";

    String name();

    State state();

    /** Why the module is {@link State#FAILED}, or {@code null}. */
    Throwable failure();
}
