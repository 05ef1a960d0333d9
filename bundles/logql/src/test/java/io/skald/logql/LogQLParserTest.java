// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.spi.log.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LogQLParserTest {
    @ParameterizedTest
    @CsvSource(delimiterString = " ==> ", value = {
            "{app=\"foo\"} ==> {app=\"foo\"}",
            "  {app = \"foo\" , env=~\"prod|dev\",} ==> {app=\"foo\", env=~\"prod|dev\"}",
            "{app=\"foo\"} |= \"error\" != \"timeout\" ==> {app=\"foo\"} |= \"error\" != \"timeout\"",
            "{app=\"foo\"} |~ `\\d+ms` |= \"a\" or \"b\" ==> {app=\"foo\"} |~ \"\\\\d+ms\" |= \"a\" or \"b\"",
            "{app=\"foo\"} # trailing comment ==> {app=\"foo\"}"})
    void parsesAndFormats(String query, String formatted) throws Exception {
        LogQuery q = LogQLParser.parseLogQuery(query);
        assertEquals(formatted, q.toString());
        assertEquals(q.toString(), LogQLParser.parseLogQuery(q.toString()).toString(), "the printer round-trips");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ==> ", value = {
            "{app=\"foo\" ==> parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,",
            "{app=\"foo\"} |= test ==> parse error at line 1, col 16: syntax error: unexpected IDENTIFIER, expecting STRING",
            "{app=foo} ==> parse error at line 1, col 6: syntax error: unexpected IDENTIFIER, expecting STRING",
            "{app=\"foo} ==> parse error at line 1, col 6: literal not terminated",
            "{foo!=\"bar\"} ==> parse error : " + LogQLParser.EMPTY_COMPATIBLE,
            "{app=~\".*\"} ==> parse error : " + LogQLParser.EMPTY_COMPATIBLE,
            "{app=\"foo\"} | json ==> parse error at line 1, col 13: not supported by this version of Skald yet: parsers, label filters and formatting stages (\"| ...\")",
            "rate({app=\"foo\"}[1m]) ==> parse error at line 1, col 1: not supported by this version of Skald yet: metric queries"})
    void refusesWithPositions(String query, String message) {
        ParseException e = assertThrows(ParseException.class, () -> LogQLParser.parseLogQuery(query));
        assertEquals(message, e.getMessage());
    }

    @Test
    void matchersAndFiltersSelect() throws Exception {
        LogQuery q = LogQLParser.parseLogQuery("{app=~\"api|web\", env!=\"dev\"} |= \"error\" !~ \"timeout|canceled\"");
        assertTrue(q.matches(Labels.of(Map.of("app", "api", "env", "prod"))));
        assertFalse(q.matches(Labels.of(Map.of("app", "api", "env", "dev"))));
        assertFalse(q.matches(Labels.of(Map.of("app", "apiserver"))), "regexes are anchored");
        assertTrue(q.keep("level=error msg=boom".getBytes(StandardCharsets.UTF_8)));
        assertFalse(q.keep("level=error msg=timeout".getBytes(StandardCharsets.UTF_8)));
        assertFalse(q.keep("level=info".getBytes(StandardCharsets.UTF_8)));
    }
}
