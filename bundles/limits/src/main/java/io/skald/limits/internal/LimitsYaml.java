// SPDX-License-Identifier: Apache-2.0
package io.skald.limits.internal;

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
 * Reads limits from YAML as Loki does, strictly: a key Loki does not know, or a value of the wrong
 * type, is an error naming its line, in go-yaml's words. Two shapes: a {@code limits_config}
 * section (key → value), and a runtime overrides file ({@code overrides: {tenant: {key: value}}},
 * next to Loki's {@code configs} and {@code multi_kv_config}, which are accepted as they are).
 */
public final class LimitsYaml {
    /** The top-level keys of Loki's runtime config file. */
    static final Set<String> RUNTIME_CONFIG_KEYS = Set.of("overrides", "configs", "multi_kv_config");

    private LimitsYaml() {}

    /** A {@code limits_config} section: key → value as YAML loaded it, every key and value checked. */
    public static Map<String, Object> limitsSection(String text) {
        Parsed p = parse(text);
        List<String> errors = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        if (p.node != null) {
            checkLimits(p.node, p.value, "validation.plain", errors, out);
        }
        fail(errors);
        return out;
    }

    /** The runtime overrides file: tenant → its limits (key → value), every key and value checked. */
    public static Map<String, Map<String, Object>> overrides(String text) {
        Parsed p = parse(text);
        List<String> errors = new ArrayList<>();
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (p.node == null) {
            return out; // an empty file overrides nothing
        }
        if (!(p.node instanceof MappingNode top)) {
            errors.add(line(p.node) + "cannot unmarshal " + tag(p.node) + " into loki.runtimeConfigValues");
            fail(errors);
            return out;
        }
        Map<?, ?> values = (Map<?, ?>) p.value;
        for (NodeTuple t : top.getValue()) {
            String key = scalar(t.getKeyNode());
            if (!RUNTIME_CONFIG_KEYS.contains(key)) {
                errors.add(line(t.getKeyNode()) + "field " + key + " not found in type loki.runtimeConfigValues");
            } else if (key.equals("overrides") && !isNull(t.getValueNode())) {
                tenants(t.getValueNode(), values.get(key), errors, out);
            }
        }
        fail(errors);
        return out;
    }

    private static void tenants(Node node, Object value, List<String> errors, Map<String, Map<String, Object>> out) {
        if (!(node instanceof MappingNode mapping)) {
            errors.add(line(node) + "cannot unmarshal " + tag(node) + " into map[string]*validation.Limits");
            return;
        }
        Map<?, ?> tenants = (Map<?, ?>) value;
        for (NodeTuple t : mapping.getValue()) {
            String tenant = scalar(t.getKeyNode());
            Map<String, Object> limits = new LinkedHashMap<>();
            if (!isNull(t.getValueNode())) {
                checkLimits(t.getValueNode(), tenants.get(keyOf(tenants, tenant)), "validation.plain", errors, limits);
            }
            out.put(tenant, limits);
        }
    }

    private static void checkLimits(
            Node node, Object value, String goType, List<String> errors, Map<String, Object> out) {
        if (isNull(node)) {
            return;
        }
        if (!(node instanceof MappingNode mapping)) {
            errors.add(line(node) + "cannot unmarshal " + tag(node) + " into " + goType);
            return;
        }
        Map<?, ?> values = (Map<?, ?>) value;
        for (NodeTuple t : mapping.getValue()) {
            String key = scalar(t.getKeyNode());
            Object v = values.get(keyOf(values, key));
            String problem = LimitsTable.problem(key, v);
            if (problem != null) {
                Node where = LimitsTable.key(key) == null ? t.getKeyNode() : t.getValueNode();
                errors.add(line(where) + problem);
            } else {
                out.put(key, v);
            }
        }
    }

    /** The map's own key for a name: YAML may have loaded a tenant {@code 123} as a number. */
    private static Object keyOf(Map<?, ?> map, String name) {
        for (Object k : map.keySet()) {
            if (String.valueOf(k).equals(name)) {
                return k;
            }
        }
        return name;
    }

    private record Parsed(Node node, Object value) {}

    private static Parsed parse(String text) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        try {
            Node node = yaml.compose(new StringReader(text));
            return new Parsed(node, node == null ? null : yaml.load(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new IllegalArgumentException("yaml: line " + line + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new IllegalArgumentException("yaml: " + e.getMessage());
        }
    }

    private static void fail(List<String> errors) {
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("yaml: unmarshal errors:\n  " + String.join("\n  ", errors));
        }
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private static String tag(Node node) {
        Tag t = node.getTag();
        return t.equals(Tag.MAP)
                ? "!!map"
                : t.equals(Tag.SEQ) ? "!!seq" : "!!" + t.getValue().replace(Tag.PREFIX, "");
    }

    private static String line(Node node) {
        return "line " + (node.getStartMark().getLine() + 1) + ": ";
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : String.valueOf(node);
    }
}
