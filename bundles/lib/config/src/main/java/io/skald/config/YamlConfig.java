// SPDX-License-Identifier: Apache-2.0
package io.skald.config;

import io.skald.core.go.GoDuration;
import io.skald.limits.schema.LimitsSchema;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a Loki-style YAML file strictly, as Loki does: an unknown top-level section or an unknown or
 * mistyped {@code server} field stops the start with the line it is on, in go-yaml's words.
 * Sections whose modules do not read settings yet are accepted as written.
 */
final class YamlConfig {
    static final Set<String> TOP_LEVEL = Set.of(
            "target",
            "auth_enabled",
            "ballast_bytes",
            "server",
            "internal_server",
            "distributor",
            "querier",
            "query_scheduler",
            "frontend",
            "query_range",
            "ruler",
            "ingester_client",
            "ingester",
            "pattern_ingester",
            "index_gateway",
            "bloom_build",
            "bloom_gateway",
            "storage_config",
            "chunk_store_config",
            "schema_config",
            "compactor",
            "compactor_grpc_client",
            "compactor_http_client",
            "limits_config",
            "frontend_worker",
            "table_manager",
            "memberlist",
            "kafka_config",
            "runtime_config",
            "operational_config",
            "tracing",
            "analytics",
            "common",
            "shutdown_delay",
            "metrics_namespace",
            "profiling",
            "ui",
            "block_builder",
            "block_scheduler",
            "partition_ring",
            "overrides_exporter",
            "dataobj");

    enum Type {
        STRING,
        INT,
        BOOL,
        DURATION
    }

    static final Map<String, Type> SERVER = Map.ofEntries(
            Map.entry("http_listen_network", Type.STRING),
            Map.entry("http_listen_address", Type.STRING),
            Map.entry("http_listen_port", Type.INT),
            Map.entry("http_listen_conn_limit", Type.INT),
            Map.entry("grpc_listen_network", Type.STRING),
            Map.entry("grpc_listen_address", Type.STRING),
            Map.entry("grpc_listen_port", Type.INT),
            Map.entry("grpc_listen_conn_limit", Type.INT),
            Map.entry("graceful_shutdown_timeout", Type.DURATION),
            Map.entry("http_server_read_timeout", Type.DURATION),
            Map.entry("http_server_read_header_timeout", Type.DURATION),
            Map.entry("http_server_write_timeout", Type.DURATION),
            Map.entry("http_server_idle_timeout", Type.DURATION),
            Map.entry("grpc_server_max_recv_msg_size", Type.INT),
            Map.entry("grpc_server_max_send_msg_size", Type.INT),
            Map.entry("grpc_server_max_concurrent_streams", Type.INT),
            Map.entry("log_level", Type.STRING),
            Map.entry("log_format", Type.STRING),
            Map.entry("register_instrumentation", Type.BOOL),
            Map.entry("http_path_prefix", Type.STRING),
            Map.entry("admin_token", Type.STRING));

    private YamlConfig() {}

    /** The YAML tree of {@code text}; {@code file} names it in errors. */
    static Map<String, Object> parse(String file, String text) throws ConfigException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(
                    "failed parsing config: " + file + ": yaml: line " + line + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException("failed parsing config: " + file + ": yaml: " + e.getMessage());
        }
        if (root == null) {
            return new LinkedHashMap<>(); // an empty file is all defaults
        }
        List<String> errors = new ArrayList<>();
        if (!(root instanceof MappingNode mapping)) {
            errors.add(line(root) + "cannot unmarshal " + tag(root) + " into loki.Config");
        } else {
            for (NodeTuple t : mapping.getValue()) {
                String key = scalar(t.getKeyNode());
                if (!TOP_LEVEL.contains(key)) {
                    errors.add(line(t.getKeyNode()) + "field " + key + " not found in type loki.Config");
                } else if (key.equals("server")) {
                    checkServer(t.getValueNode(), errors);
                } else if (key.equals("auth_enabled")) {
                    checkType(t.getValueNode(), Type.BOOL, errors);
                } else if (key.equals("limits_config")) {
                    checkLimits(t.getValueNode(), yaml.load(text), errors);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(
                    "failed parsing config: " + file + ": yaml: unmarshal errors:\n  " + String.join("\n  ", errors));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) yaml.load(text);
        return tree;
    }

    /** Every key of limits_config against the limits table: one Loki does not know, or a mistyped value, names its line. */
    private static void checkLimits(Node node, Object tree, List<String> errors) {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
            return;
        }
        if (!(node instanceof MappingNode mapping)) {
            errors.add(line(node) + "cannot unmarshal " + tag(node) + " into validation.plain");
            return;
        }
        Map<?, ?> limits = (Map<?, ?>) ((Map<?, ?>) tree).get("limits_config");
        for (NodeTuple t : mapping.getValue()) {
            String key = scalar(t.getKeyNode());
            String problem = LimitsSchema.problem(key, limits.get(key));
            if (problem != null) {
                boolean unknownKey = problem.startsWith("field ");
                errors.add(line(unknownKey ? t.getKeyNode() : t.getValueNode()) + problem);
            }
        }
    }

    private static void checkServer(Node node, List<String> errors) {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
            return;
        }
        if (!(node instanceof MappingNode mapping)) {
            errors.add(line(node) + "cannot unmarshal " + tag(node) + " into server.Config");
            return;
        }
        for (NodeTuple t : mapping.getValue()) {
            String key = scalar(t.getKeyNode());
            Type type = SERVER.get(key);
            if (type == null) {
                errors.add(line(t.getKeyNode()) + "field " + key + " not found in type server.Config");
            } else {
                checkType(t.getValueNode(), type, errors);
            }
        }
    }

    private static void checkType(Node node, Type type, List<String> errors) {
        if (!(node instanceof ScalarNode s)) {
            errors.add(line(node) + "cannot unmarshal " + tag(node) + " into " + goType(type));
            return;
        }
        Tag tag = s.getTag();
        boolean ok = switch (type) {
            case STRING -> true;
            case INT -> tag.equals(Tag.INT);
            case BOOL -> tag.equals(Tag.BOOL);
            case DURATION -> {
                try {
                    GoDuration.parse(s.getValue());
                    yield true;
                } catch (IllegalArgumentException e) {
                    yield false;
                }
            }
        };
        if (!ok) {
            errors.add(line(node) + "cannot unmarshal " + tag(node) + " `" + s.getValue() + "` into " + goType(type));
        }
    }

    private static String goType(Type type) {
        return switch (type) {
            case STRING -> "string";
            case INT -> "int";
            case BOOL -> "bool";
            case DURATION -> "time.Duration";
        };
    }

    private static String tag(Node node) {
        Tag t = node.getTag();
        if (t.equals(Tag.MAP)) {
            return "!!map";
        }
        if (t.equals(Tag.SEQ)) {
            return "!!seq";
        }
        return "!!" + t.getValue().replace(Tag.PREFIX, "");
    }

    private static String line(Node node) {
        return "line " + (node.getStartMark().getLine() + 1) + ": ";
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : String.valueOf(node);
    }
}
