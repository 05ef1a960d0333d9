// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.skald.logproto.EntryAdapter;
import io.skald.logproto.PushRequest;
import io.skald.logproto.StreamAdapter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.xerial.snappy.Snappy;

/** Push bodies built by hand, the way Loki's clients build them. */
final class Pushes {
    private Pushes() {}

    static PushRequest request(String labels, List<String> lines) {
        long now = System.currentTimeMillis();
        StreamAdapter.Builder stream = StreamAdapter.newBuilder().setLabels(labels);
        for (int i = 0; i < lines.size(); i++) {
            long nanos = now * 1_000_000L + i;
            stream.addEntries(EntryAdapter.newBuilder()
                    .setTimestamp(Timestamp.newBuilder()
                            .setSeconds(nanos / 1_000_000_000L)
                            .setNanos((int) (nanos % 1_000_000_000L)))
                    .setLine(ByteString.copyFromUtf8(lines.get(i))));
        }
        return PushRequest.newBuilder().addStreams(stream).build();
    }

    static byte[] protobuf(String labels, List<String> lines) throws Exception {
        return Snappy.compress(request(labels, lines).toByteArray());
    }

    static String json(String app, List<String> lines) {
        long now = System.currentTimeMillis() * 1_000_000L;
        StringBuilder b = new StringBuilder("{\"streams\":[{\"stream\":{\"app\":\"" + app + "\"},\"values\":[");
        for (int i = 0; i < lines.size(); i++) {
            b.append(i == 0 ? "" : ",")
                    .append("[\"")
                    .append(now + i)
                    .append("\",\"")
                    .append(lines.get(i))
                    .append("\"]");
        }
        return b.append("]}]}").toString();
    }

    static HttpResponse<String> post(SkaldProcess skald, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(skald.url("/loki/api/v1/push")))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return skald.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
