// SPDX-License-Identifier: Apache-2.0
package io.skald.config;

import io.skald.core.go.GoDuration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loki-style command-line flags, parsed as Go's {@code flag} package parses them: {@code -name=value},
 * {@code --name=value}, {@code -name value}, and a bare {@code -name} for booleans. The error texts
 * are Go's, so scripts written against Loki read the same thing.
 */
public final class Flags {

    enum Kind {
        STRING,
        INT,
        BOOL,
        DURATION
    }

    /** A flag; {@code yamlPath} is where it lands in the YAML tree, {@code null} for launcher-only flags. */
    record Flag(String name, Kind kind, String yamlPath, String help) {}

    static final List<Flag> ALL = List.of(
            new Flag("config.file", Kind.STRING, null, "configuration file to load (embedded defaults when absent)"),
            new Flag("config.expand-env", Kind.BOOL, null, "expand ${VAR} and ${VAR:-default} in the config file"),
            new Flag(
                    "target",
                    Kind.STRING,
                    "target",
                    "comma-separated modules or targets to run: all, read, write, backend, <module> (default all)"),
            new Flag(
                    "server.http-listen-address",
                    Kind.STRING,
                    "server.http_listen_address",
                    "HTTP server listen address"),
            new Flag(
                    "server.http-listen-port",
                    Kind.INT,
                    "server.http_listen_port",
                    "HTTP, h2c and gRPC server listen port (default 3100)"),
            new Flag(
                    "server.graceful-shutdown-timeout",
                    Kind.DURATION,
                    "server.graceful_shutdown_timeout",
                    "timeout for graceful shutdowns (default 30s)"),
            new Flag(
                    "log.level",
                    Kind.STRING,
                    "server.log_level",
                    "only log messages with the given severity or above: debug, info, warn, error (default info)"),
            new Flag(
                    "common.path-prefix",
                    Kind.STRING,
                    "common.path_prefix",
                    "data folder for every module's files (default ./data)"),
            new Flag(
                    "auth.enabled",
                    Kind.BOOL,
                    "auth_enabled",
                    "require X-Scope-OrgID on tenant-scoped requests (default false)"),
            new Flag(
                    "pattern-ingester.enabled",
                    Kind.BOOL,
                    "pattern_ingester.enabled",
                    "run the pattern ingester and answer /loki/api/v1/patterns (default false)"),
            new Flag("shell.enabled", Kind.BOOL, null, "start the Gogo shell on the console (default false)"),
            new Flag("list-targets", Kind.BOOL, null, "list the targets and the modules each needs, then exit"),
            new Flag("print-config-stderr", Kind.BOOL, null, "print the effective config to stderr on start"),
            new Flag("version", Kind.BOOL, null, "print the version and exit"));

    private final Map<String, String> values;

    private Flags(Map<String, String> values) {
        this.values = values;
    }

    public static Flags parse(List<String> args) throws ConfigException {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                throw usage("unexpected argument: " + arg);
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            if (body.equals("h") || body.equals("help")) {
                throw usage("");
            }
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            Flag flag = find(name);
            if (flag == null) {
                throw usage("flag provided but not defined: -" + name);
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (flag.kind() == Kind.BOOL) {
                value = "true";
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw usage("flag needs an argument: -" + name);
            }
            check(flag, value);
            values.put(name, value);
        }
        return new Flags(values);
    }

    private static void check(Flag flag, String value) throws ConfigException {
        switch (flag.kind()) {
            case BOOL -> {
                if (!List.of("1", "0", "t", "f", "T", "F", "true", "false", "TRUE", "FALSE", "True", "False")
                        .contains(value)) {
                    throw usage("invalid boolean value \"" + value + "\" for -" + flag.name() + ": parse error");
                }
            }
            case INT -> {
                try {
                    Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw usage("invalid value \"" + value + "\" for flag -" + flag.name() + ": parse error");
                }
            }
            case DURATION -> {
                try {
                    GoDuration.parse(value);
                } catch (IllegalArgumentException e) {
                    throw usage("invalid value \"" + value + "\" for flag -" + flag.name() + ": parse error");
                }
            }
            default -> {}
        }
    }

    private static ConfigException usage(String message) {
        return new ConfigException(message, true);
    }

    private static Flag find(String name) {
        for (Flag f : ALL) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    public String get(String name) {
        return values.get(name);
    }

    public boolean isSet(String name) {
        return values.containsKey(name);
    }

    public boolean bool(String name) {
        String v = values.get(name);
        return v != null && List.of("1", "t", "T", "true", "TRUE", "True").contains(v);
    }

    /** Flags that override YAML, with their typed values, keyed by YAML path. */
    Map<String, Object> yamlOverrides() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Flag f : ALL) {
            String v = values.get(f.name());
            if (v == null || f.yamlPath() == null) {
                continue;
            }
            out.put(
                    f.yamlPath(),
                    switch (f.kind()) {
                        case INT -> Integer.parseInt(v);
                        case BOOL -> bool(f.name());
                        default -> v;
                    });
        }
        return out;
    }

    /** Go-style usage text. */
    public static String usageText() {
        StringBuilder b = new StringBuilder("Usage of skald:\n");
        for (Flag f : ALL) {
            b.append("  -").append(f.name());
            if (f.kind() != Kind.BOOL) {
                b.append(' ').append(f.kind().name().toLowerCase());
            }
            b.append("\n    \t").append(f.help()).append('\n');
        }
        return b.toString();
    }
}
