// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.skald.core.model.Labels;
import io.skald.logproto.EntryAdapter;
import io.skald.logproto.LabelPairAdapter;
import io.skald.logproto.PushRequest;
import io.skald.logproto.StreamAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xerial.snappy.Snappy;

class PushDecoderTest {
    static byte[] protobufBody() throws Exception {
        PushRequest request = PushRequest.newBuilder()
                .addStreams(StreamAdapter.newBuilder()
                        .setLabels("{app=\"api\", env=\"prod\"}")
                        .addEntries(EntryAdapter.newBuilder()
                                .setTimestamp(Timestamp.newBuilder()
                                        .setSeconds(1_700_000_000)
                                        .setNanos(5))
                                .setLine(ByteString.copyFromUtf8("hello"))
                                .addStructuredMetadata(LabelPairAdapter.newBuilder()
                                        .setName("trace_id")
                                        .setValue("abc"))))
                .build();
        return Snappy.compress(request.toByteArray());
    }

    @Test
    void protobufSnappyDecodes() throws Exception {
        List<RawStream> streams = PushDecoder.protobuf(protobufBody(), 1 << 20);
        assertEquals(1, streams.size());
        assertEquals("{app=\"api\", env=\"prod\"}", streams.get(0).labels());
        assertEquals(1_700_000_000_000_000_005L, streams.get(0).entries().get(0).timestampNanos());
        assertEquals("hello", new String(streams.get(0).entries().get(0).line(), StandardCharsets.UTF_8));
        assertEquals(
                List.of(new Labels.Label("trace_id", "abc")),
                streams.get(0).entries().get(0).metadata());
    }

    @Test
    void jsonDecodesWithOptionalStructuredMetadata() throws Exception {
        String body = "{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"1700000000000000005\",\"one\"],"
                + "[\"1700000000000000006\",\"two\",{\"trace_id\":\"abc\"}]]}]}";
        List<RawStream> streams = PushDecoder.json(body.getBytes(StandardCharsets.UTF_8));
        assertEquals("{app=\"api\"}", streams.get(0).labels());
        assertEquals(2, streams.get(0).entries().size());
        assertEquals("abc", streams.get(0).entries().get(1).metadata().get(0).value());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[1700000000,\"x\"]]}]}|the timestamp must be a string of Unix nanoseconds",
                "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"abc\",\"x\"]]}]}|invalid timestamp \"abc\"",
                "{\"streams\":[{\"stream\":{\"a\":1},\"values\":[]}]}|the value of \"a\" must be a string",
                "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"x\",{\"k\":2}]]}]}|the value of \"k\" must be a string",
                "[1,2]|the push request must be a JSON object",
                "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\",\"x\"]|error parsing push request"
            })
    void badJsonIsA400WithAClearMessage(String body, String expected) {
        BadPushException e =
                assertThrows(BadPushException.class, () -> PushDecoder.json(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badSnappyAndBadProtobufAre400s() throws Exception {
        BadPushException snappy =
                assertThrows(BadPushException.class, () -> PushDecoder.protobuf(new byte[] {1, 2, 3, 4, 5}, 1 << 20));
        assertEquals(400, snappy.status());
        BadPushException proto = assertThrows(
                BadPushException.class,
                () -> PushDecoder.protobuf(Snappy.compress(new byte[] {(byte) 0x0a, (byte) 0xff, 1, 2}), 1 << 20));
        assertEquals(400, proto.status());
        assertTrue(proto.getMessage().startsWith("proto: "), proto.getMessage());
    }

    @Test
    void aBodyThatDecompressesPastTheLimitIsA413() throws Exception {
        byte[] big = Snappy.compress(new byte[2 << 20]);
        BadPushException e = assertThrows(BadPushException.class, () -> PushDecoder.protobuf(big, 1 << 20));
        assertEquals(413, e.status());
    }

    /** Fuzz-style: thousands of mutated bodies. The decoder may refuse them, but only ever as a BadPushException. */
    @Test
    void mutatedBodiesOnlyEverFailCleanly() throws Exception {
        Random random = new Random(42);
        byte[] proto = protobufBody();
        byte[] json =
                "{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"1700000000000000005\",\"one\",{\"k\":\"v\"}]]}]}"
                        .getBytes(StandardCharsets.UTF_8);
        int refused = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] p = mutate(proto, random);
            byte[] j = mutate(json, random);
            for (boolean isJson : new boolean[] {false, true}) {
                try {
                    List<RawStream> streams = isJson ? PushDecoder.json(j) : PushDecoder.protobuf(p, 1 << 20);
                    streams.forEach(s -> assertTrue(s.labels() != null));
                } catch (BadPushException e) {
                    assertTrue(e.status() == 400 || e.status() == 413);
                    refused++;
                }
            }
        }
        assertTrue(refused > 1000, "the mutations do break bodies: " + refused);
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> {
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            default -> {
                int at = random.nextInt(b.length);
                byte[] grown = new byte[b.length + 4];
                System.arraycopy(b, 0, grown, 0, at);
                random.nextBytes(Arrays.copyOfRange(grown, at, at + 4));
                System.arraycopy(b, at, grown, at + 4, b.length - at);
                b = grown;
            }
        }
        return b;
    }
}
