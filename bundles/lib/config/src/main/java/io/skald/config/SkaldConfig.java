// SPDX-License-Identifier: Apache-2.0
package io.skald.config;

import io.skald.spi.module.Modules;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The effective configuration: Loki's defaults, overlaid by the YAML file, overlaid by flags (flags
 * win, as in Loki). From it come the modules to run and one ConfigAdmin configuration per module.
 *
 * <p>Each YAML section maps onto one module's PID; its keys become camelCase properties, nested
 * keys joined with dots ({@code server.http_listen_port} → {@code skald.server/httpListenPort}), so
 * that a module reads them through an {@code @ObjectClassDefinition} without name mangling.
 */
public final class SkaldConfig {
    public static final String PID_PREFIX = "skald.";
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    /** Where a YAML section lands: a module's PID, its keys under {@code prefix} ("" for the module's own section). */
    record Section(String module, String prefix) {}

    static final Map<String, Section> SECTIONS = Map.ofEntries(
            Map.entry("server", new Section(Modules.SERVER, "")),
            Map.entry("storage_config", new Section(Modules.STORE, "")),
            Map.entry("chunk_store_config", new Section(Modules.STORE, "chunkStoreConfig.")),
            Map.entry("schema_config", new Section(Modules.STORE, "schemaConfig.")),
            Map.entry("ingester", new Section(Modules.INGESTER, "")),
            Map.entry("distributor", new Section(Modules.DISTRIBUTOR, "")),
            Map.entry("querier", new Section(Modules.QUERIER, "")),
            Map.entry("frontend", new Section(Modules.QUERY_FRONTEND, "")),
            Map.entry("query_range", new Section(Modules.QUERY_FRONTEND, "queryRange.")),
            Map.entry("compactor", new Section(Modules.COMPACTOR, "")),
            Map.entry("pattern_ingester", new Section(Modules.PATTERN_INGESTER, "")));

    /**
     * The limits service's PID: {@code limits_config} (as YAML, Loki's keys) and {@code runtime_config}
     * go there and nowhere else; every module asks that service for a tenant's limits.
     */
    public static final String LIMITS_PID = "skald.limits";

    /** The modules that keep files, and so receive {@code common.path_prefix} as {@code pathPrefix}. */
    static final Set<String> DATA_MODULES = Set.of(Modules.STORE, Modules.INGESTER, Modules.COMPACTOR);

    private final Flags flags;
    private final Path configFile;
    private final Map<String, Object> tree;
    private final List<String> target;
    private final Set<String> modules;

    private SkaldConfig(
            Flags flags, Path configFile, Map<String, Object> tree, List<String> target, Set<String> modules) {
        this.flags = flags;
        this.configFile = configFile;
        this.tree = tree;
        this.target = target;
        this.modules = modules;
    }

    public static SkaldConfig load(List<String> args) throws ConfigException {
        Flags flags = Flags.parse(args);
        Map<String, Object> tree = defaults();
        Path file = null;
        if (flags.isSet("config.file") && !flags.get("config.file").isEmpty()) {
            file = Path.of(flags.get("config.file")).toAbsolutePath();
            String text;
            try {
                text = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new ConfigException("failed parsing config: open " + file + ": no such file or directory");
            } catch (IOException e) {
                throw new ConfigException("failed parsing config: open " + file + ": " + e.getMessage());
            }
            if (flags.bool("config.expand-env")) {
                text = expandEnv(text);
            }
            merge(tree, YamlConfig.parse(file.toString(), text));
        }
        flags.yamlOverrides().forEach((path, value) -> put(tree, path, value));
        List<String> target = targetList(tree.get("target"));
        tree.put("target", String.join(",", target));
        Set<String> modules = Targets.closure(target);
        if (!Boolean.TRUE.equals(section(tree, "pattern_ingester").get("enabled"))) {
            modules.remove(Modules.PATTERN_INGESTER); // off by default, as in Loki: no configuration, so it never runs
        }
        check(tree);
        return new SkaldConfig(flags, file, tree, target, modules);
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("target", Targets.ALL);
        tree.put("auth_enabled", false);
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("http_listen_address", "");
        server.put("http_listen_port", 3100);
        server.put("graceful_shutdown_timeout", "30s");
        server.put("log_level", "info");
        tree.put("server", server);
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("path_prefix", "./data");
        tree.put("common", common);
        return tree;
    }

    private static void check(Map<String, Object> tree) throws ConfigException {
        Object port = section(tree, "server").get("http_listen_port");
        if (!(port instanceof Integer p) || p < 0 || p > 65535) {
            throw new ConfigException(
                    "invalid server.http_listen_port " + port + ": must be a port number from 0 to 65535");
        }
        Object level = section(tree, "server").get("log_level");
        if (!List.of("debug", "info", "warn", "error").contains(String.valueOf(level))) {
            throw new ConfigException("unrecognized log level \"" + level + "\": use debug, info, warn or error");
        }
    }

    private static List<String> targetList(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v).trim()));
        } else if (value != null) {
            Arrays.stream(String.valueOf(value).split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(out::add);
        }
        if (out.isEmpty()) {
            out.add(Targets.ALL);
        }
        return out;
    }

    static String expandEnv(String text) {
        Matcher m = ENV.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String value = System.getenv(m.group(1));
            if (value == null) {
                value = m.group(2) == null ? "" : m.group(2);
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((k, v) -> {
            Object existing = into.get(k);
            if (existing instanceof Map && v instanceof Map) {
                merge((Map<String, Object>) existing, (Map<String, Object>) v);
            } else if (v != null || !(existing instanceof Map)) {
                into.put(k, v instanceof Map ? new LinkedHashMap<>((Map<String, Object>) v) : v);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
        }
        node.put(parts[parts.length - 1], value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> tree, String name) {
        Object s = tree.get(name);
        return s instanceof Map ? (Map<String, Object>) s : Map.of();
    }

    // --- what the rest of Skald reads ---

    public Flags flags() {
        return flags;
    }

    /** The YAML file this came from, or {@code null} for embedded defaults. */
    public Path configFile() {
        return configFile;
    }

    public List<String> target() {
        return target;
    }

    /** The modules to run: the target's closure. */
    public Set<String> modules() {
        return modules;
    }

    public Path dataDir() {
        return Path.of(String.valueOf(section(tree, "common").get("path_prefix")))
                .toAbsolutePath()
                .normalize();
    }

    public String logLevel() {
        return String.valueOf(section(tree, "server").get("log_level"));
    }

    public static String pid(String module) {
        return PID_PREFIX + module;
    }

    /** PID → properties, for every module of the target; modules outside it get no configuration. */
    public Map<String, Map<String, Object>> configurations() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String module : modules) {
            Map<String, Object> props = new LinkedHashMap<>();
            SECTIONS.forEach((name, section) -> {
                if (section.module().equals(module)) {
                    flatten(section.prefix(), section(tree, name), props);
                }
            });
            if (module.equals(Modules.SERVER)) {
                props.put("authEnabled", Boolean.TRUE.equals(tree.get("auth_enabled")));
            }
            if (DATA_MODULES.contains(module)) {
                props.put("pathPrefix", dataDir().toString());
            }
            out.put(pid(module), props);
        }
        out.put(LIMITS_PID, limitsConfiguration());
        return out;
    }

    /** Every PID this config may configure: each module's, and the limits service's. */
    public static List<String> pids() {
        List<String> pids = new ArrayList<>();
        Targets.modules().forEach(m -> pids.add(pid(m)));
        pids.add(LIMITS_PID);
        return pids;
    }

    /** The limits service's properties; {@code limits_config} stays YAML so that Loki's keys and types reach it unchanged. */
    private Map<String, Object> limitsConfiguration() {
        Map<String, Object> props = new LinkedHashMap<>();
        Map<String, Object> limits = section(tree, "limits_config");
        props.put("limitsConfig", limits.isEmpty() ? "" : new Yaml(blockStyle()).dump(limits));
        flatten("runtimeConfig.", section(tree, "runtime_config"), props);
        return props;
    }

    private static DumperOptions blockStyle() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        return options;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> section, Map<String, Object> out) {
        section.forEach((k, v) -> {
            String key = prefix + camel(k);
            if (v instanceof Map<?, ?> m) {
                flatten(key + ".", (Map<String, Object>) m, out);
            } else if (v instanceof List<?> list) {
                out.put(key, list.stream().map(String::valueOf).toArray(String[]::new));
            } else if (v instanceof Integer || v instanceof Long || v instanceof Boolean || v instanceof Double) {
                out.put(key, v);
            } else if (v instanceof BigInteger big) {
                out.put(key, big.longValue());
            } else if (v != null) {
                out.put(key, String.valueOf(v));
            }
        });
    }

    static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_' || c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    /** The effective config as YAML, secrets masked: what {@code GET /config} prints. */
    @SuppressWarnings("unchecked")
    public String toYaml() {
        DumperOptions options = blockStyle();
        Map<String, Object> copy = deepCopy(tree);
        Object token = section(copy, "server").get("admin_token");
        if (token != null && !String.valueOf(token).isEmpty()) {
            ((Map<String, Object>) copy.get("server")).put("admin_token", "<secret>");
        }
        return new Yaml(options).dump(copy);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Map ? deepCopy((Map<String, Object>) v) : v));
        return out;
    }
}
