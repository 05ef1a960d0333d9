// SPDX-License-Identifier: Apache-2.0
package io.skald.launcher;

import io.skald.config.ConfigException;
import io.skald.config.Flags;
import io.skald.config.SkaldConfig;
import io.skald.config.Targets;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code runtime/skald}: checks the flags and the YAML file, then boots the OSGi runtime in the
 * foreground. A config mistake stops here, before anything starts, with the line it is on.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        SkaldConfig config;
        try {
            config = SkaldConfig.load(List.of(args));
        } catch (ConfigException e) {
            if (e.isUsageError()) {
                if (!e.getMessage().isEmpty()) {
                    System.err.println(e.getMessage());
                }
                System.err.print(Flags.usageText());
                System.exit(e.getMessage().isEmpty() ? 0 : 2);
            }
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        Flags flags = config.flags();
        if (flags.bool("version")) {
            System.out.println("skald, version " + Main.class.getPackage().getImplementationVersion());
            return;
        }
        if (flags.bool("list-targets")) {
            System.out.print(Targets.describe());
            return;
        }
        if (flags.bool("print-config-stderr")) {
            System.err.print(config.toYaml());
        }
        Runtime runtime = new Runtime(home(), config, List.of(args));
        runtime.start();
        long sinceJvmStart = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        runtime.log("Skald runtime booted in " + sinceJvmStart + " ms (target " + config.target() + ", modules "
                + config.modules() + "); /ready answers once every module is Running");
        // SIGTERM and SIGINT stop gracefully and exit 0, as Loki does; the hook covers any other exit.
        for (String signal : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> new Thread(runtime::stop, "skald-stop").start());
        }
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(runtime::stop, "skald-shutdown"));
        runtime.awaitStop();
        System.exit(0);
    }

    /** The distribution folder: {@code -Dskald.home}, else the parent of the launcher jar's lib/. */
    static Path home() throws Exception {
        String home = System.getProperty("skald.home");
        if (home != null) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Path jar = Path.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent().getParent().toAbsolutePath().normalize();
    }
}
