// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.skald.core.model.Entry;
import io.skald.limits.api.Limits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loki's validation texts, one case each. */
class ValidatorTest {
    static final long NOW = 1_700_000_000_000_000_000L;
    static final long HOUR = 3_600_000_000_000L;

    static Limits limits() {
        return Limits.lokiDefaults().with("discover_service_name", List.of("service", "app", "job"));
    }

    static RawStream stream(String labels, Entry... entries) {
        return new RawStream(labels, List.of(entries));
    }

    static Entry line(long ts, String text) {
        return new Entry(ts, text.getBytes(StandardCharsets.UTF_8), List.of());
    }

    final Validator validator = new Validator(limits());

    @Test
    void aValidStreamGetsServiceNameFromItsAppLabel() {
        Validator.Result r = validator.validate(stream("{app=\"api\",env=\"prod\"}", line(NOW, "ok")), NOW);
        assertNull(r.error());
        assertEquals(
                "{app=\"api\", env=\"prod\", service_name=\"api\"}",
                r.stream().labels().toString());
        assertEquals(
                "unknown_service",
                validator.validate(stream("{env=\"prod\"}", line(NOW, "ok")), NOW).stream()
                        .labels()
                        .get("service_name"));
    }

    @Test
    void labelErrors() {
        assertEquals(
                "error at least one label pair is required per stream",
                validator.validate(stream("{}", line(NOW, "x")), NOW).error());
        assertEquals(
                "Error parsing labels '{a=\"b\"' with error: 1:7: parse error: unexpected end of input, expected } or ,",
                validator.validate(stream("{a=\"b\"", line(NOW, "x")), NOW).error());
        assertEquals(
                "stream '{a=\"1\", a=\"2\"}' has duplicate label name: 'a'",
                validator
                        .validate(stream("{a=\"1\",a=\"2\"}", line(NOW, "x")), NOW)
                        .error());
        assertEquals(
                "stream '{a=\"" + "v".repeat(2049) + "\"}' has label value too long: '" + "v".repeat(2049) + "'",
                validator
                        .validate(stream("{a=\"" + "v".repeat(2049) + "\"}", line(NOW, "x")), NOW)
                        .error());
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 16; i++) {
            many.append(i == 0 ? "" : ",").append("l").append(i).append("=\"v\"");
        }
        String error = validator
                .validate(stream(many.append("}").toString(), line(NOW, "x")), NOW)
                .error();
        assertEquals(true, error.endsWith("has 16 label names; limit 15"), error);
    }

    @Test
    void entryErrorsDropTheEntryAndKeepItsNeighbours() {
        Validator.Result r = validator.validate(
                stream("{app=\"api\"}", line(NOW - 200 * HOUR, "old"), line(NOW, "fine"), line(NOW + HOUR, "future")),
                NOW);
        assertEquals(1, r.stream().entries().size());
        assertEquals(
                "2 errors like: entry for stream '{app=\"api\", service_name=\"api\"}' has timestamp too old: "
                        + "2023-11-06T14:13:20Z, oldest acceptable timestamp is: 2023-11-07T22:13:20Z",
                r.error());
        assertEquals(
                List.of("greater_than_max_sample_age", "too_far_in_future"),
                r.discards().stream().map(Validator.Discard::reason).toList());
    }

    @Test
    void longLinesAreRefusedWithLokisText() {
        Validator.Result r = validator.validate(stream("{app=\"api\"}", line(NOW, "x".repeat(256 * 1024 + 1))), NOW);
        assertNull(r.stream());
        assertEquals(
                "Max entry size '262144' bytes exceeded for stream '{app=\"api\", service_name=\"api\"}' while adding an "
                        + "entry with length '262145' bytes",
                r.error());
    }
}
