// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.status;

import io.skald.spi.module.State;
import java.util.List;

/**
 * One module as the status pages show it.
 *
 * @param name       the {@code -target} name
 * @param inTarget   whether the current target includes it (it has a configuration)
 * @param enabled    whether its component is enabled in SCR (the admin switch)
 * @param state      dskit state; {@code null} when not in the target
 * @param reason     why it is not Running, for people: missing dependencies, the failure, …
 * @param dependsOn  the modules its DS references name
 * @param bundle     the bundle that holds it
 */
public record ModuleView(
        String name,
        boolean inTarget,
        boolean enabled,
        State state,
        String reason,
        List<String> dependsOn,
        BundleView bundle) {

    public record BundleView(long id, String symbolicName, String version, String state) {}
}
