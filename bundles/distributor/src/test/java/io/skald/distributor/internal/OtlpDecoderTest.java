// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.skald.core.model.Labels;
import io.skald.logproto.otlp.AnyValue;
import io.skald.logproto.otlp.ExportLogsServiceRequest;
import io.skald.logproto.otlp.InstrumentationScope;
import io.skald.logproto.otlp.KeyValue;
import io.skald.logproto.otlp.KeyValueList;
import io.skald.logproto.otlp.LogRecord;
import io.skald.logproto.otlp.Resource;
import io.skald.logproto.otlp.ResourceLogs;
import io.skald.logproto.otlp.ScopeLogs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loki's default OTLP mapping, checked field by field. */
class OtlpDecoderTest {
    static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    static final List<Labels.Label> EXPECTED_METADATA = List.of(
            new Labels.Label("host_name", "node-1"),
            new Labels.Label("scope_name", "my.lib"),
            new Labels.Label("scope_version", "1.2"),
            new Labels.Label("http_method", "GET"),
            new Labels.Label("http_req_size", "42"),
            new Labels.Label("severity_number", "9"),
            new Labels.Label("severity_text", "INFO"),
            new Labels.Label("trace_id", "0102030405060708090a0b0c0d0e0f10"),
            new Labels.Label("span_id", "0102030405060708"));

    @Test
    void protobufMapsResourceAttributesToLabelsAndTheRestToMetadata() throws Exception {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(kv("service.name", "checkout"))
                                .addAttributes(kv("k8s.namespace.name", "shop"))
                                .addAttributes(kv("host.name", "node-1")))
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .setScope(InstrumentationScope.newBuilder()
                                        .setName("my.lib")
                                        .setVersion("1.2"))
                                .addLogRecords(LogRecord.newBuilder()
                                        .setTimeUnixNano(1_700_000_000_000_000_000L)
                                        .setSeverityNumber(9)
                                        .setSeverityText("INFO")
                                        .setBody(AnyValue.newBuilder().setStringValue("order placed"))
                                        .addAttributes(KeyValue.newBuilder()
                                                .setKey("http")
                                                .setValue(AnyValue.newBuilder()
                                                        .setKvlistValue(KeyValueList.newBuilder()
                                                                .addValues(kv("method", "GET"))
                                                                .addValues(KeyValue.newBuilder()
                                                                        .setKey("req.size")
                                                                        .setValue(AnyValue.newBuilder()
                                                                                .setIntValue(42))))))
                                        .setTraceId(ByteString.copyFrom(
                                                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
                                        .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})))))
                .build();
        List<RawStream> streams = OtlpDecoder.protobuf(request.toByteArray());
        assertEquals(1, streams.size());
        assertEquals(
                "{k8s_namespace_name=\"shop\", service_name=\"checkout\"}",
                streams.get(0).labels());
        var entry = streams.get(0).entries().get(0);
        assertEquals(1_700_000_000_000_000_000L, entry.timestampNanos());
        assertEquals("order placed", new String(entry.line(), StandardCharsets.UTF_8));
        assertEquals(EXPECTED_METADATA, entry.metadata());
    }

    @Test
    void otlpJsonMapsTheSameWay() throws Exception {
        String json = """
                {"resourceLogs":[{"resource":{"attributes":[
                    {"key":"service.name","value":{"stringValue":"checkout"}},
                    {"key":"k8s.namespace.name","value":{"stringValue":"shop"}},
                    {"key":"host.name","value":{"stringValue":"node-1"}}]},
                  "scopeLogs":[{"scope":{"name":"my.lib","version":"1.2"},
                    "logRecords":[{"timeUnixNano":"1700000000000000000","severityNumber":"SEVERITY_NUMBER_INFO",
                      "severityText":"INFO","body":{"stringValue":"order placed"},
                      "attributes":[{"key":"http","value":{"kvlistValue":{"values":[
                          {"key":"method","value":{"stringValue":"GET"}},{"key":"req.size","value":{"intValue":"42"}}]}}}],
                      "traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708"}]}]}]}
                """;
        List<RawStream> streams = OtlpDecoder.json(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "{k8s_namespace_name=\"shop\", service_name=\"checkout\"}",
                streams.get(0).labels());
        assertEquals(EXPECTED_METADATA, streams.get(0).entries().get(0).metadata());
    }

    @Test
    void badBodiesAre400s() {
        BadPushException json =
                assertThrows(BadPushException.class, () -> OtlpDecoder.json("{\"resourceLogs\":5}".getBytes()));
        assertTrue(json.getMessage().contains("\"resourceLogs\" must be an array"), json.getMessage());
        BadPushException proto =
                assertThrows(BadPushException.class, () -> OtlpDecoder.protobuf(new byte[] {0x0a, (byte) 0xff}));
        assertEquals(400, proto.status());
    }

    @Test
    void namesAreNormalisedLikePrometheusLabels() {
        assertEquals("service_name", OtlpDecoder.normalize("service.name"));
        assertEquals("_1abc", OtlpDecoder.normalize("1abc"));
        assertEquals("a_b_c", OtlpDecoder.normalize("a-b/c"));
    }
}
