// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skald.spi.log.Labels;
import io.skald.store.api.Entry;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both of Loki 3's stream encodings, as whole documents. */
class StreamsJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Labels APP = Labels.of(Map.of("app", "api"));

    private static Entry entry(long ts, String line, Labels.Label... metadata) {
        return new Entry(ts, line.getBytes(StandardCharsets.UTF_8), List.of(metadata));
    }

    private static Querier.Stream stream(Labels labels, Labels origin, Entry... entries) {
        return new Querier.Stream(labels, origin, new ArrayList<>(List.of(entries)));
    }

    static Stream<Arguments> cases() {
        Labels parsed = Labels.of(Map.of("app", "api", "level", "warn"));
        return Stream.of(
                Arguments.of("plain lines",
                        List.of(stream(APP, APP, entry(2, "b"), entry(1, "a"))),
                        """
                        [{"stream":{"app":"api"},"values":[["2","b"],["1","a"]]}]""",
                        """
                        [{"stream":{"app":"api"},"values":[["2","b",{}],["1","a",{}]]}]"""),
                Arguments.of("structured metadata",
                        List.of(stream(APP, APP, entry(2, "b", new Labels.Label("trace", "x")), entry(1, "a"))),
                        """
                        [{"stream":{"app":"api","trace":"x"},"values":[["2","b"]]},
                         {"stream":{"app":"api"},"values":[["1","a"]]}]""",
                        """
                        [{"stream":{"app":"api"},"values":[["2","b",{"structuredMetadata":{"trace":"x"}}],["1","a",{}]]}]"""),
                Arguments.of("parsed labels and metadata",
                        List.of(stream(parsed, APP, entry(3, "level=warn", new Labels.Label("trace", "y"))),
                                stream(APP, APP, entry(1, "plain"))),
                        """
                        [{"stream":{"app":"api","level":"warn","trace":"y"},"values":[["3","level=warn"]]},
                         {"stream":{"app":"api"},"values":[["1","plain"]]}]""",
                        """
                        [{"stream":{"app":"api"},"values":[
                          ["3","level=warn",{"structuredMetadata":{"trace":"y"},"parsed":{"level":"warn"}}],
                          ["1","plain",{}]]}]"""),
                // ordered by label text, as Loki sorts: '{app="api", …' comes before '{app="api"}'
                Arguments.of("streams ordered by their labels",
                        List.of(stream(Labels.of(Map.of("app", "web")), Labels.of(Map.of("app", "web")), entry(5, "w")),
                                stream(APP, APP, entry(4, "a"))),
                        """
                        [{"stream":{"app":"api"},"values":[["4","a"]]},{"stream":{"app":"web"},"values":[["5","w"]]}]""",
                        """
                        [{"stream":{"app":"api"},"values":[["4","a",{}]]},{"stream":{"app":"web"},"values":[["5","w",{}]]}]"""),
                Arguments.of("no streams", List.of(), "[]", "[]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesBothEncodings(String name, List<Querier.Stream> streams, String plain, String categorized) throws Exception {
        assertEquals(JSON.readTree(plain), JSON.readTree(write(streams, false)), "plain");
        assertEquals(JSON.readTree(categorized), JSON.readTree(write(streams, true)), "categorize-labels");
    }

    private static String write(List<Querier.Stream> streams, boolean categorize) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            StreamsJson.write(g, streams, categorize);
        }
        return out.toString();
    }
}
