// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import io.skald.logproto.otlp.AnyValue;
import io.skald.logproto.otlp.ArrayValue;
import io.skald.logproto.otlp.ExportLogsServiceRequest;
import io.skald.logproto.otlp.InstrumentationScope;
import io.skald.logproto.otlp.KeyValue;
import io.skald.logproto.otlp.KeyValueList;
import io.skald.logproto.otlp.LogRecord;
import io.skald.logproto.otlp.Resource;
import io.skald.logproto.otlp.ResourceLogs;
import io.skald.logproto.otlp.ScopeLogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/HTTP logs to Loki streams, as Loki maps them by default: the well-known resource attributes
 * become stream labels (dots to underscores), every other resource and scope attribute becomes
 * structured metadata on each entry, and each log record becomes an entry whose line is its body
 * and whose metadata holds its attributes, severity, trace and span ids.
 */
final class OtlpDecoder {
    /** Loki's default resource attributes promoted to index labels. */
    static final Set<String> INDEX_LABELS = Set.of(
            "cloud.availability_zone",
            "cloud.region",
            "container.name",
            "deployment.environment",
            "deployment.environment.name",
            "k8s.cluster.name",
            "k8s.container.name",
            "k8s.cronjob.name",
            "k8s.daemonset.name",
            "k8s.deployment.name",
            "k8s.job.name",
            "k8s.namespace.name",
            "k8s.pod.name",
            "k8s.replicaset.name",
            "k8s.statefulset.name",
            "service.instance.id",
            "service.name",
            "service.namespace");

    private static final ObjectMapper JSON = new ObjectMapper();

    private OtlpDecoder() {}

    static List<RawStream> protobuf(byte[] body) throws BadPushException {
        try {
            return streams(ExportLogsServiceRequest.parseFrom(body));
        } catch (InvalidProtocolBufferException e) {
            throw new BadPushException(400, "proto: cannot parse the OTLP logs request: " + e.getMessage());
        }
    }

    static List<RawStream> json(byte[] body) throws BadPushException {
        try {
            return streams(fromJson(JSON.readTree(body)));
        } catch (IOException | IllegalArgumentException e) {
            throw new BadPushException(400, "error parsing OTLP JSON logs request: " + e.getMessage());
        }
    }

    static List<RawStream> streams(ExportLogsServiceRequest request) {
        long now = System.currentTimeMillis() * 1_000_000L;
        Map<String, List<Entry>> byLabels = new LinkedHashMap<>();
        for (ResourceLogs rl : request.getResourceLogsList()) {
            Map<String, String> labels = new LinkedHashMap<>();
            List<Labels.Label> resourceMetadata = new ArrayList<>();
            for (KeyValue kv : rl.getResource().getAttributesList()) {
                if (INDEX_LABELS.contains(kv.getKey())) {
                    labels.put(normalize(kv.getKey()), asString(kv.getValue()));
                } else {
                    flatten(normalize(kv.getKey()), kv.getValue(), resourceMetadata);
                }
            }
            String streamLabels = Labels.of(labels).toString();
            List<Entry> entries = byLabels.computeIfAbsent(streamLabels, k -> new ArrayList<>());
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                List<Labels.Label> scopeMetadata = new ArrayList<>(resourceMetadata);
                InstrumentationScope scope = sl.getScope();
                for (KeyValue kv : scope.getAttributesList()) {
                    flatten(normalize(kv.getKey()), kv.getValue(), scopeMetadata);
                }
                addIf(scopeMetadata, "scope_name", scope.getName());
                addIf(scopeMetadata, "scope_version", scope.getVersion());
                if (scope.getDroppedAttributesCount() > 0) {
                    scopeMetadata.add(new Labels.Label(
                            "scope_dropped_attributes_count", Integer.toString(scope.getDroppedAttributesCount())));
                }
                for (LogRecord r : sl.getLogRecordsList()) {
                    entries.add(entry(r, scopeMetadata, now));
                }
            }
        }
        List<RawStream> out = new ArrayList<>(byLabels.size());
        byLabels.forEach((labels, entries) -> out.add(new RawStream(labels, entries)));
        return out;
    }

    private static Entry entry(LogRecord r, List<Labels.Label> inherited, long now) {
        long ts = r.getTimeUnixNano() != 0
                ? r.getTimeUnixNano()
                : r.getObservedTimeUnixNano() != 0 ? r.getObservedTimeUnixNano() : now;
        List<Labels.Label> metadata = new ArrayList<>(inherited);
        for (KeyValue kv : r.getAttributesList()) {
            flatten(normalize(kv.getKey()), kv.getValue(), metadata);
        }
        if (r.getTimeUnixNano() != 0 && r.getObservedTimeUnixNano() != 0) {
            metadata.add(new Labels.Label("observed_timestamp", Long.toUnsignedString(r.getObservedTimeUnixNano())));
        }
        if (r.getSeverityNumber() != 0) {
            metadata.add(new Labels.Label("severity_number", Integer.toString(r.getSeverityNumber())));
        }
        addIf(metadata, "severity_text", r.getSeverityText());
        if (r.getDroppedAttributesCount() > 0) {
            metadata.add(new Labels.Label("dropped_attributes_count", Integer.toString(r.getDroppedAttributesCount())));
        }
        if (r.getFlags() != 0) {
            metadata.add(new Labels.Label("flags", Integer.toUnsignedString(r.getFlags())));
        }
        if (!r.getTraceId().isEmpty()) {
            metadata.add(new Labels.Label(
                    "trace_id", HexFormat.of().formatHex(r.getTraceId().toByteArray())));
        }
        if (!r.getSpanId().isEmpty()) {
            metadata.add(new Labels.Label(
                    "span_id", HexFormat.of().formatHex(r.getSpanId().toByteArray())));
        }
        return new Entry(ts, asString(r.getBody()).getBytes(StandardCharsets.UTF_8), metadata);
    }

    private static void addIf(List<Labels.Label> metadata, String name, String value) {
        if (!value.isEmpty()) {
            metadata.add(new Labels.Label(name, value));
        }
    }

    /** Nested maps become one pair per leaf, names joined with underscores, as Loki flattens them. */
    private static void flatten(String name, AnyValue value, List<Labels.Label> out) {
        if (value.hasKvlistValue()) {
            for (KeyValue kv : value.getKvlistValue().getValuesList()) {
                flatten(name + "_" + normalize(kv.getKey()), kv.getValue(), out);
            }
        } else {
            out.add(new Labels.Label(name, asString(value)));
        }
    }

    /** A Prometheus-safe label name: anything but [a-zA-Z0-9_] becomes '_', and no leading digit. */
    static String normalize(String name) {
        StringBuilder b = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
            b.append(ok ? c : '_');
        }
        if (b.length() == 0 || Character.isDigit(b.charAt(0))) {
            b.insert(0, '_');
        }
        return b.toString();
    }

    /** OTel's AsString: strings as they are, others in their JSON-ish text form. */
    static String asString(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BYTES_VALUE ->
                Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> {
                List<String> parts = new ArrayList<>();
                for (AnyValue e : v.getArrayValue().getValuesList()) {
                    parts.add(
                            e.hasStringValue() ? "\"" + e.getStringValue().replace("\"", "\\\"") + "\"" : asString(e));
                }
                yield "[" + String.join(",", parts) + "]";
            }
            case KVLIST_VALUE -> {
                List<String> parts = new ArrayList<>();
                for (KeyValue kv : v.getKvlistValue().getValuesList()) {
                    AnyValue e = kv.getValue();
                    parts.add("\"" + kv.getKey() + "\":"
                            + (e.hasStringValue()
                                    ? "\"" + e.getStringValue().replace("\"", "\\\"") + "\""
                                    : asString(e)));
                }
                yield "{" + String.join(",", parts) + "}";
            }
            case VALUE_NOT_SET -> "";
        };
    }

    // --- OTLP/JSON: lowerCamelCase names (snake_case accepted), 64-bit integers as strings, ids in hex ---

    static ExportLogsServiceRequest fromJson(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("the request must be a JSON object");
        }
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        for (JsonNode rl : array(root, "resourceLogs", "resource_logs")) {
            ResourceLogs.Builder b = ResourceLogs.newBuilder();
            JsonNode resource = field(rl, "resource", "resource");
            if (resource != null) {
                b.setResource(Resource.newBuilder().addAllAttributes(attributes(resource)));
            }
            for (JsonNode sl : array(rl, "scopeLogs", "scope_logs")) {
                ScopeLogs.Builder s = ScopeLogs.newBuilder();
                JsonNode scope = field(sl, "scope", "scope");
                if (scope != null) {
                    s.setScope(InstrumentationScope.newBuilder()
                            .setName(text(scope, "name", "name"))
                            .setVersion(text(scope, "version", "version"))
                            .addAllAttributes(attributes(scope))
                            .setDroppedAttributesCount(
                                    (int) number(scope, "droppedAttributesCount", "dropped_attributes_count")));
                }
                for (JsonNode r : array(sl, "logRecords", "log_records")) {
                    LogRecord.Builder lr = LogRecord.newBuilder()
                            .setTimeUnixNano(number(r, "timeUnixNano", "time_unix_nano"))
                            .setObservedTimeUnixNano(number(r, "observedTimeUnixNano", "observed_time_unix_nano"))
                            .setSeverityNumber(severity(field(r, "severityNumber", "severity_number")))
                            .setSeverityText(text(r, "severityText", "severity_text"))
                            .addAllAttributes(attributes(r))
                            .setDroppedAttributesCount(
                                    (int) number(r, "droppedAttributesCount", "dropped_attributes_count"))
                            .setFlags((int) number(r, "flags", "flags"))
                            .setTraceId(hex(text(r, "traceId", "trace_id")))
                            .setSpanId(hex(text(r, "spanId", "span_id")));
                    JsonNode body = field(r, "body", "body");
                    if (body != null) {
                        lr.setBody(anyValue(body));
                    }
                    s.addLogRecords(lr);
                }
                b.addScopeLogs(s);
            }
            request.addResourceLogs(b);
        }
        return request.build();
    }

    private static List<KeyValue> attributes(JsonNode node) {
        List<KeyValue> out = new ArrayList<>();
        for (JsonNode kv : array(node, "attributes", "attributes")) {
            out.add(keyValue(kv));
        }
        return out;
    }

    private static KeyValue keyValue(JsonNode kv) {
        JsonNode value = field(kv, "value", "value");
        return KeyValue.newBuilder()
                .setKey(text(kv, "key", "key"))
                .setValue(value == null ? AnyValue.getDefaultInstance() : anyValue(value))
                .build();
    }

    private static AnyValue anyValue(JsonNode v) {
        AnyValue.Builder b = AnyValue.newBuilder();
        JsonNode x;
        if ((x = field(v, "stringValue", "string_value")) != null) {
            b.setStringValue(x.asText());
        } else if ((x = field(v, "boolValue", "bool_value")) != null) {
            b.setBoolValue(x.asBoolean());
        } else if ((x = field(v, "intValue", "int_value")) != null) {
            b.setIntValue(Long.parseLong(x.asText()));
        } else if ((x = field(v, "doubleValue", "double_value")) != null) {
            b.setDoubleValue(x.asDouble());
        } else if ((x = field(v, "bytesValue", "bytes_value")) != null) {
            b.setBytesValue(ByteString.copyFrom(Base64.getDecoder().decode(x.asText())));
        } else if ((x = field(v, "arrayValue", "array_value")) != null) {
            ArrayValue.Builder a = ArrayValue.newBuilder();
            for (JsonNode e : array(x, "values", "values")) {
                a.addValues(anyValue(e));
            }
            b.setArrayValue(a);
        } else if ((x = field(v, "kvlistValue", "kvlist_value")) != null) {
            KeyValueList.Builder l = KeyValueList.newBuilder();
            for (JsonNode e : array(x, "values", "values")) {
                l.addValues(keyValue(e));
            }
            b.setKvlistValue(l);
        }
        return b.build();
    }

    private static int severity(JsonNode node) {
        if (node == null) {
            return 0;
        }
        if (node.isNumber() || node.asText().matches("\\d+")) {
            return Integer.parseInt(node.asText());
        }
        String name = node.asText().replace("SEVERITY_NUMBER_", "");
        List<String> names = List.of(
                "UNSPECIFIED",
                "TRACE",
                "TRACE2",
                "TRACE3",
                "TRACE4",
                "DEBUG",
                "DEBUG2",
                "DEBUG3",
                "DEBUG4",
                "INFO",
                "INFO2",
                "INFO3",
                "INFO4",
                "WARN",
                "WARN2",
                "WARN3",
                "WARN4",
                "ERROR",
                "ERROR2",
                "ERROR3",
                "ERROR4",
                "FATAL",
                "FATAL2",
                "FATAL3",
                "FATAL4");
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown severityNumber \"" + node.asText() + "\"");
        }
        return i;
    }

    private static ByteString hex(String text) {
        return text.isEmpty()
                ? ByteString.EMPTY
                : ByteString.copyFrom(HexFormat.of().parseHex(text));
    }

    private static JsonNode field(JsonNode node, String camel, String snake) {
        JsonNode v = node.get(camel);
        if (v == null) {
            v = node.get(snake);
        }
        return v == null || v.isNull() ? null : v;
    }

    private static Iterable<JsonNode> array(JsonNode node, String camel, String snake) {
        JsonNode v = field(node, camel, snake);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("\"" + camel + "\" must be an array");
        }
        return v;
    }

    private static String text(JsonNode node, String camel, String snake) {
        JsonNode v = field(node, camel, snake);
        return v == null ? "" : v.asText();
    }

    private static long number(JsonNode node, String camel, String snake) {
        JsonNode v = field(node, camel, snake);
        if (v == null) {
            return 0;
        }
        return Long.parseUnsignedLong(v.asText());
    }
}
