// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.status;

import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The same switches for the Gogo shell ({@code -shell.enabled=true}): {@code skald:modules},
 * {@code skald:enable <module>}, {@code skald:disable <module>}.
 */
@Component(
        service = ModuleCommands.class,
        property = {
            "osgi.command.scope=skald",
            "osgi.command.function=modules",
            "osgi.command.function=enable",
            "osgi.command.function=disable"
        })
public final class ModuleCommands {
    private final ModuleRegistry registry;

    @Activate
    public ModuleCommands(@Reference ModuleRegistry registry) {
        this.registry = registry;
    }

    public String modules() {
        return registry.modules().stream()
                .map(m -> String.format(
                        "%-16s %-11s %s%s",
                        m.name(),
                        m.inTarget() ? m.state() : "-",
                        m.enabled() ? "enabled" : "disabled",
                        m.reason() == null ? "" : "  (" + m.reason() + ")"))
                .collect(Collectors.joining("\n"));
    }

    public String enable(String module) throws Exception {
        return describe(registry.enable(module, AdminRoute.ENABLE_TIMEOUT_MILLIS));
    }

    public String disable(String module) throws Exception {
        return describe(registry.disable(module));
    }

    private static String describe(ModuleRegistry.Switch s) {
        return String.format("%s %s in %.1f ms; now %s", s.action(), s.module(), s.tookMillis(), s.states());
    }
}
