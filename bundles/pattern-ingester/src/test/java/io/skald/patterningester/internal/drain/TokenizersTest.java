// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The three tokenizers and pattern printing, case by case. */
class TokenizersTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            GET /api/v1/users?id=7 200              | GET,/api/v1/users,?,id,=,7,200
            level=info msg=hi                       | level,=,info,msg,=,hi
            [2024-01-01 10:00:00] user@host: done!  | [,2024-01-01,10:00:00,],user,@,host:,done,!
            a+b <_> x~y $5                           | a+b,<_>,x~y,$5
            """)
    void punctuationSplitsAtSpacesEqualsAndPunctuationButKeepsPathsAndTimes(String line, String tokens) {
        Tokens t = new PunctuationTokenizer(3000).tokenize(line.strip());
        assertArrayEquals(tokens.split(","), t.tokens());
        assertEquals(line.strip(), new PunctuationTokenizer(3000).join(t.tokens(), t.spacesAfter()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ts=2024-01-01 level=info msg="hello world"     | ts,<_>,level,info,msg,hello world
            time=1 t=2 traceID=abc duration=5ms             | time,<_>,t,<_>,traceID,<_>,duration,5ms
            bare key=v                                      | bare,,key,v
            msg="say \\"hi\\""                              | msg,say "hi"
            """)
    void logfmtTokensAreKeysAndValues(String line, String tokens) {
        Tokens t = new LogfmtTokenizer("<_>", 3000).tokenize(line.strip());
        assertArrayEquals(tokens.split(",", -1), t.tokens());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            a=1 b="unterminated
            a=x"y
            =v
            """)
    void invalidLogfmtIsNotMined(String line) {
        assertNull(new LogfmtTokenizer("<_>", 3000).tokenize(line.strip()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            level,info,msg,<_>               | level=info msg=<_>
            msg,hello world,n,               | msg="hello world" n=
            msg,"quote" and \\ tab	x        | msg="\\"quote\\" and \\\\ tab\\tx"
            bad key,v                         | ''
            """)
    void logfmtPatternsPrintAsLogfmt(String tokens, String pattern) {
        assertEquals(pattern, new LogfmtTokenizer("<_>", 3000).join(tokens.split(",", -1), null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"msg":"disk full on /dev/sda1","level":"error"}          | disk full on /dev/sda1
            {"level":"info","log":"first","msg":"second"}             | first
            {"nested":{"msg":"no"},"message":"yes it is"}             | yes it is
            {"msg":42,"content":"the string wins over the number"}     | the string wins over the number
            {"msg":"keeps \\"escapes\\" as written"}                  | keeps \\"escapes\\" as written
            """)
    void jsonMinesTheFirstConfiguredTopLevelStringField(String line, String message) {
        assertEquals(message, firstField(line.strip()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"level":"info"}
            not json
            {"msg":"truncated
            """)
    void jsonWithoutAMessageIsNotMined(String line) {
        assertNull(new JsonTokenizer("<_>", 3000, DrainConfig.DEFAULT_JSON_FIELDS).tokenize(line.strip()));
    }

    private static String firstField(String line) {
        for (String field : DrainConfig.DEFAULT_JSON_FIELDS) {
            String v = JsonFields.topLevelString(line, field);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            a <_><_> b               | a <_> b
            <_><_><_>                | <_>
            x<_><_>y<_> <_><_><_>z   | x<_>y<_> <_>z
            no placeholders          | no placeholders
            """)
    void runsOfPlaceholdersPrintAsOne(String pattern, String printed) {
        assertEquals(printed, Drain.collapsePlaceholders(pattern, "<_>"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"msg":"x"}                                        | JSON
            level=info msg="hello world" n=1                   | LOGFMT
            10.0.0.1 - - [01/Jan/2024] "GET / HTTP/1.1" 200    | UNKNOWN
            x                                                  | UNKNOWN
            """)
    void formatsAreGuessedFromTheFirstLine(String line, LineFormat format) {
        assertEquals(format, LineFormat.detect(line.strip()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            100 | true
            ééé | true
            é   | false
            """)
    void lineLengthsAreUtf8Bytes(String s, boolean longerThanTwo) {
        assertEquals(longerThanTwo, Tokens.longerThan(s.strip(), 2));
    }
}
