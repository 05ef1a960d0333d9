// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skald.core.model.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code | logfmt} against Loki's decoder and LogfmtParser: table cases (most from Loki's own
 * {@code TestLogfmtParser_parse}, the expected labels worked out from its decoder), and random lines
 * on which the scanning stage, full and hinted, agrees with a plain byte-by-byte reading of that decoder.
 */
class LogfmtTest {
    static final Labels STREAM = Labels.of(Map.of("foo", "bar"));

    /** Flags, line, labels without --strict, labels with --strict ("same": as without). */
    static final String[][] CASES = {
        {
            "",
            "foobar====wqe=sdad1r",
            "{foo=bar}",
            "{__error__=LogfmtParserErr, " + "__error_details__=logfmt syntax error at pos 8 : unexpected '=', foo=bar}"
        },
        {"", "buzz=foo bar=\uFFFDf", "{bar= f, buzz=foo, foo=bar}", "same"},
        {"", "buzz bar=foo", "{bar=foo, foo=bar}", "same"},
        {"", "foobar=\"foo bar\"", "{foo=bar, foobar=foo bar}", "same"},
        {"", "foobar=\"foo\\nbar\\tbaz\"", "{foo=bar, foobar=foo\nbar\tbaz}", "same"},
        {"", "foobar=\"foo\nbar\tbaz\"", "{foo=bar, foobar=foo\nbar\tbaz}", "same"},
        {"", "foobar=\"foo ba\\\\r baz\"", "{foo=bar, foobar=foo ba\\r baz}", "same"},
        {"", "foobar=\"foo bar\" foobar=10ms", "{foo=bar, foobar=foo bar}", "same"},
        {"", "foo=\"foo bar\" foobar=10ms", "{foo=bar, foo_extracted=foo bar, foobar=10ms}", "same"},
        {
            "",
            "foo=\"x\" foo.bar=10ms test-dash=y 1a=z",
            "{_1a=z, foo=bar, foo_bar=10ms, foo_extracted=x, test_dash=y}",
            "same"
        },
        {
            "",
            "foo=\"foo bar\" =notkey bar=10ms",
            "{bar=10ms, foo=bar, foo_extracted=foo bar}",
            "{__error__=LogfmtParserErr, __error_details__=logfmt syntax error at pos 15 : unexpected '=', "
                    + "foo=bar, foo_extracted=foo bar}"
        },
        {
            "",
            "foo=\"foo bar\" b\uFFFDr=10ms",
            "{foo=bar, foo_extracted=foo bar}",
            "{__error__=LogfmtParserErr, __error_details__=logfmt syntax error at pos 20 : invalid key, "
                    + "foo=bar, foo_extracted=foo bar}"
        },
        {
            "",
            "foo=\"foo bar\" bu\"zz=10ms",
            "{foo=bar, foo_extracted=foo bar}",
            "{__error__=LogfmtParserErr, __error_details__=logfmt syntax error at pos 17 : unexpected '\"', "
                    + "foo=bar, foo_extracted=foo bar}"
        },
        {
            "",
            "bar=bu=zz foo=\"foo bar\"",
            "{foo=bar, foo_extracted=foo bar}",
            "{__error__=LogfmtParserErr, __error_details__=logfmt syntax error at pos 7 : unexpected '=', foo=bar}"
        },
        // quoted values and escapes
        {"", "msg=\"a \\\"quoted\\\" word\" level=info", "{foo=bar, level=info, msg=a \"quoted\" word}", "same"},
        {"", "msg=\"ends in \\\\\" level=info", "{foo=bar, level=info, msg=ends in \\}", "same"},
        {"", "m=\"\\/\\'\\b\\f\\r\" u=\"\\u00e9\\ud83d\\ude00\"", "{foo=bar, m=/'\b\f\r, u=\u00e9\ud83d\ude00}", "same"
        },
        {"", "u=\"\\ud83dx\" v=\"\\uFFFD\"", "{foo=bar, u= x, v= }", "same"},
        {
            "",
            "a=\"bad \\x escape\" b=1",
            "{b=1, foo=bar}",
            "{__error__=LogfmtParserErr, __error_details__=logfmt syntax error at pos 18 : invalid quoted value, "
                    + "foo=bar}"
        },
        {
            "",
            "a=\"\\u12G4\" b=1",
            "{b=1, foo=bar}",
            "{__error__=LogfmtParserErr, __error_details__=logfmt syntax error at pos 11 : invalid quoted value, "
                    + "foo=bar}"
        },
        {"", "a=\"x\"b=\"y\"", "{a=x, b=y, foo=bar}", "same"},
        {
            "",
            "a=\"x\"=",
            "{a=x, foo=bar}",
            "{__error__=LogfmtParserErr, __error_details__=logfmt syntax error at pos 6 : unexpected '=', a=x, foo=bar}"
        },
        // unterminated quotes
        {
            "",
            "level=info msg=\"never closed",
            "{foo=bar, level=info}",
            "{__error__=LogfmtParserErr, __error_details__=logfmt syntax error at pos 29 : unterminated quoted value, "
                    + "foo=bar, level=info}"
        },
        {
            "",
            "msg=\"escaped at the end\\\"",
            "{foo=bar}",
            "{__error__=LogfmtParserErr, __error_details__=logfmt syntax error at pos 26 : unterminated quoted value, "
                    + "foo=bar}"
        },
        {
            "",
            "a=\"",
            "{foo=bar}",
            "{__error__=LogfmtParserErr, __error_details__=logfmt syntax error at pos 4 : "
                    + "unterminated quoted value, foo=bar}"
        },
        // empty values
        {"", "a= b=\"\" c d=1", "{d=1, foo=bar}", "same"},
        {"--keep-empty", "a= b=\"\" c d=1", "{a=, b=, c=, d=1, foo=bar}", "same"},
        {"--keep-empty", "foo bar=buzz", "{bar=buzz, foo=bar, foo_extracted=}", "same"},
        {"", "a= a=2", "{a=2, foo=bar}", "same"},
        // odd keys and bytes
        {"", "\t a=1\u0001b=2", "{a=1, b=2, foo=bar}", "same"},
        {"", "lev\u00e9l=x k\u00e9=y", "{foo=bar, k_=y, lev_l=x}", "same"},
        {"", "\u00a0=x \u00a0k=y", "{foo=bar, k=y}", "same"},
        {"", "9=x a!b=y", "{_9=x, a_b=y, foo=bar}", "same"},
        {"", "a=x!y b=\"q\"", "{a=x!y, b=q, foo=bar}", "same"},
        {"", "a=\"b\u00e9\u00ff\"", "{a=b\u00e9\u00ff, foo=bar}", "same"},
    };

    @Test
    void tableCases() throws Exception {
        for (String[] c : CASES) {
            String flags = c[0].isEmpty() ? "" : " " + c[0];
            assertEquals(c[2], run("| logfmt" + flags, c[1].getBytes(StandardCharsets.UTF_8), null), c[1]);
            String strict = c[3].equals("same") ? c[2] : c[3];
            assertEquals(strict, run("| logfmt --strict" + flags, c[1].getBytes(StandardCharsets.UTF_8), null), c[1]);
        }
    }

    @Test
    void invalidUtf8IsReadByteByByteAsGoDoes() throws Exception {
        byte[] line = {'a', '=', 'x', (byte) 0xE2, (byte) 0x82, 'y', ' ', 'b', '=', '"', (byte) 0xFF, '\\', 'n', '"'};
        assertEquals("{a=x  y, b= \n, foo=bar}", run("| logfmt", line, null));
        byte[] key = {'k', (byte) 0xC3, '=', '1', ' ', 'c', '=', '2'};
        assertEquals("{c=2, foo=bar}", run("| logfmt", key, null));
        assertEquals(
                "{__error__=LogfmtParserErr, __error_details__=logfmt syntax error at pos 3 : invalid key, foo=bar}",
                run("| logfmt --strict", key, null));
    }

    @Test
    void wordAtATimeSearchesAgreeWithByteLoopsAtAnyOffset() {
        Random random = new Random(7);
        byte[] alphabet = {
            'a', ' ', '"', '\\', '=', (byte) 0xA2, (byte) 0xDC, (byte) 0x80, (byte) 0xFF, 0, 0x20, 0x21, 0x5D
        };
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(6) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'x';
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length);
            int expected = from;
            while (expected < b.length && b[expected] != '"' && b[expected] != '\\') {
                expected++;
            }
            assertEquals(expected, LogfmtScanner.nextQuoteOrBackslash(b, from, b.length), Arrays.toString(b));
            int delimiter = from;
            while (delimiter < b.length
                    && b[delimiter] != '"'
                    && b[delimiter] != '='
                    && (b[delimiter] < 0 || b[delimiter] > ' ')) {
                delimiter++;
            }
            assertEquals(delimiter, LogfmtScanner.nextDelimiter(b, from, b.length), Arrays.toString(b));
        }
    }

    static final String[] TOKENS = {
        "level",
        "a",
        "b",
        "foo",
        "1",
        "k.k",
        "=",
        "=",
        "\"",
        "\"",
        "\\",
        "\\\"",
        "\\\\",
        " ",
        " ",
        " ",
        "\t",
        "x",
        "info",
        "\u00e9",
        "\uFFFD",
        "\\u00e9",
        "\\ud83d\\ude00",
        "\\ud83d",
        "\\n",
        "\\q",
        "\\u12",
        "level=info",
        "level=\"warn\"",
        "msg=\"request served\"",
        "caller=\"handler.go:123\"",
        "foo=\"x y\"",
        "\u00a0",
        "!",
    };

    @Test
    void scanningStageAgreesWithAPlainReading() throws Exception {
        Random random = new Random(20261129);
        String[] flagSets = {"", " --strict", " --keep-empty", " --strict --keep-empty"};
        String[] hintSets = {"level", "a", "foo_extracted", "_1", "k_k"};
        for (int trial = 0; trial < 5_000; trial++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int tokens = random.nextInt(16);
            for (int t = 0; t < tokens; t++) {
                if (random.nextInt(40) == 0) {
                    out.write(random.nextInt(256)); // any byte, invalid UTF-8 included
                } else {
                    out.writeBytes(TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] line = out.toByteArray();
            String flags = flagSets[random.nextInt(flagSets.length)];
            boolean strict = flags.contains("--strict");
            boolean keepEmpty = flags.contains("--keep-empty");
            Map<String, String> expected = LogfmtReference.parse(line, strict, keepEmpty);
            String what = new String(line, StandardCharsets.ISO_8859_1) + " with" + flags;
            assertEquals(expected.toString(), run("| logfmt" + flags, line, null), what);
            Set<String> hints = Set.of(hintSets[random.nextInt(hintSets.length)], Stage.ERROR, Stage.ERROR_DETAILS);
            Map<String, String> wanted = new TreeMap<>();
            expected.forEach((k, v) -> {
                if (hints.contains(k) || k.equals("foo")) {
                    wanted.put(k, v);
                }
            });
            assertEquals(wanted.toString(), run("| logfmt" + flags, line, hints), "hinted " + what);
        }
    }

    /** The labels after the stage (only the stream's and the wanted ones when hinted), as a sorted map. */
    static String run(String stage, byte[] line, Set<String> hints) throws ParseException {
        LogQuery q = LogQLParser.parseLogQuery("{foo=\"bar\"} " + stage);
        byte[] block = new byte[line.length + 10]; // the line inside a larger block, as the querier has it
        System.arraycopy(line, 0, block, 5, line.length);
        Arrays.fill(block, 0, 5, (byte) '"');
        Arrays.fill(block, 5 + line.length, block.length, (byte) '"');
        LineState s = new LineState().want(hints).reset(STREAM, 0, block, 5, line.length);
        q.process(s);
        Map<String, String> labels = new TreeMap<>(s.labels());
        if (hints != null) {
            labels.keySet().removeIf(k -> !hints.contains(k) && !k.equals("foo"));
        }
        return labels.toString();
    }
}
