// SPDX-License-Identifier: Apache-2.0
package io.skald.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelsParserTest {
    @Test
    void parsesAndCanonicalises() throws Exception {
        Labels a = Labels.of(LabelsParser.parse("{env=\"prod\",app=\"api\"}"));
        Labels b = Labels.of(LabelsParser.parse("  { app = \"api\" ,  env=\"prod\" } "));
        assertEquals("{app=\"api\", env=\"prod\"}", a.toString());
        assertEquals(a, b);
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals("prod", a.get("env"));
    }

    @Test
    void escapesRoundTrip() throws Exception {
        Labels l = Labels.of(LabelsParser.parse("{msg=\"say \\\"hi\\\"\\n\", path=`C:\\dir`}"));
        assertEquals("say \"hi\"\n", l.get("msg"));
        assertEquals("C:\\dir", l.get("path"));
        assertEquals(l, Labels.of(LabelsParser.parse(l.toString())));
    }

    @Test
    void emptySetParses() throws Exception {
        assertEquals(List.of(), LabelsParser.parse("{}"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "{foo=\"bar|1:6: parse error: unterminated quoted string",
                "{foo}|1:5: parse error: unexpected character '}', expected =",
                "foo=\"bar\"|1:1: parse error: unexpected character 'f', expected {",
                "{1a=\"x\"}|1:2: parse error: unexpected character '1', expected label name",
                "{a=b}|1:4: parse error: unexpected character 'b', expected quoted label value",
                "{a=\"b\" c=\"d\"}|1:8: parse error: unexpected character 'c', expected } or ,"
            })
    void errorsNamePositionAsLokiDoes(String text, String message) {
        LabelsParseException e = assertThrows(LabelsParseException.class, () -> LabelsParser.parse(text));
        assertEquals(message, e.getMessage());
    }
}
