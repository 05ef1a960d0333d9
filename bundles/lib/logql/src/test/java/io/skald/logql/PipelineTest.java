// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skald.core.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each pipeline stage on a line, with the expected labels and line worked out from Loki's documentation. */
class PipelineTest {
    static final Labels STREAM = Labels.of(Map.of("app", "api"));

    /** "labels | line" after the pipeline, or "dropped". */
    static String run(String query, String line) throws ParseException {
        return run(query, line, 0);
    }

    static String run(String query, String line, long ts) throws ParseException {
        LogQuery q = LogQLParser.parseLogQuery("{app=\"api\"} " + query);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (!q.keep(bytes)) {
            return "dropped";
        }
        LineState s = new LineState().reset(STREAM, ts, bytes);
        if (!q.process(s)) {
            return "dropped";
        }
        Map<String, String> labels = new TreeMap<>(s.labels());
        labels.remove(Stage.ERROR_DETAILS);
        return Labels.of(labels) + " | " + s.text();
    }

    @Test
    void lineFilters() throws Exception {
        assertEquals("dropped", run("|= \"a\" or \"b\"", "xyz"));
        assertEquals("{app=\"api\"} | xbz", run("|= \"a\" or \"b\"", "xbz"));
        assertEquals("{app=\"api\"} | ts level=debug msg=x", run("|> \"<_> level=debug <_>\"", "ts level=debug msg=x"));
        assertEquals("dropped", run("|> \"<_> level=debug <_>\"", "ts level=info msg=x"));
        assertEquals("dropped", run("!> \"<_> level=debug <_>\"", "ts level=debug msg=x"));
        assertEquals(
                "{app=\"api\"} | from 192.168.4.7 ok",
                run("|= ip(\"192.168.4.5-192.168.4.20\")", "from 192.168.4.7 ok"));
        assertEquals("dropped", run("|= ip(\"192.168.4.5-192.168.4.20\")", "from 192.168.4.21 ok"));
        assertEquals("dropped", run("!= ip(\"10.0.0.0/8\")", "peer=10.1.2.3:443"));
        assertEquals("{app=\"api\"} | peer=[2001:db8::1]", run("|= ip(\"2001:db8::/32\")", "peer=[2001:db8::1]"));
        assertEquals("{app=\"api\"} | (?i) is text", run("|~ \"(?i)IS TEXT\"", "(?i) is text"));
    }

    @Test
    void logfmtFlagsAndParams() throws Exception {
        assertEquals(
                "{app=\"api\", app_extracted=\"web\", level=\"info\"} | level=info app=web bare empty=",
                run("| logfmt", "level=info app=web bare empty="),
                "clash → _extracted; bare keys and empty values skipped");
        assertEquals(
                "{app=\"api\", bare=\"\", empty=\"\", level=\"info\"} | level=info bare empty=",
                run("| logfmt --keep-empty", "level=info bare empty="));
        assertEquals(
                "{__error__=\"LogfmtParserErr\", a=\"1\", app=\"api\"} | a=1 =oops b=2",
                run("| logfmt --strict", "a=1 =oops b=2"),
                "--strict stops at the first malformed pair");
        assertEquals("{a=\"1\", app=\"api\", b=\"2\"} | a=1 =oops b=2", run("| logfmt", "a=1 =oops b=2"));
        assertEquals(
                "{app=\"api\", host=\"h1\", ip=\"10.0.0.1\"} | host=h1 fwd=10.0.0.1 other=x",
                run("| logfmt host, ip=\"fwd\"", "host=h1 fwd=10.0.0.1 other=x"));
        assertEquals(
                "{app=\"api\", msg=\"a \\\"quoted\\\" word\"} | msg=\"a \\\"quoted\\\" word\"",
                run("| logfmt", "msg=\"a \\\"quoted\\\" word\""));
    }

    @Test
    void jsonWithAndWithoutParams() throws Exception {
        String line =
                "{\"a\":{\"b\":\"x\"},\"list\":[7,8],\"request\":{\"headers\":{\"User-Agent\":\"curl\"}},\"n\":null}";
        assertEquals("{a_b=\"x\", app=\"api\", request_headers_User_Agent=\"curl\"} | " + line, run("| json", line));
        assertEquals(
                "{app=\"api\", first=\"x\", l=\"8\", list=\"[7,8]\", ua=\"curl\"} | " + line,
                run("| json first=\"a.b\", l=\"list[1]\", list, ua=`request.headers[\"User-Agent\"]`", line));
        assertEquals("{__error__=\"JSONParserErr\", app=\"api\"} | not json", run("| json", "not json"));
        assertEquals(
                "{app=\"api\", level=\"info\"} | {\"level\":\"info\",\"level\":\"error\"}",
                run("| json", "{\"level\":\"info\",\"level\":\"error\"}"),
                "the first of duplicate keys wins");
    }

    @Test
    void regexpPatternAndUnpack() throws Exception {
        assertEquals(
                "{app=\"api\", method=\"GET\", path=\"/x\"} | GET /x 200",
                run("| regexp \"(?P<method>\\\\w+) (?P<path>\\\\S+)\"", "GET /x 200"));
        assertEquals(
                "{app=\"api\", ip=\"1.2.3.4\", method=\"GET\", uri=\"/a\"} | 1.2.3.4 - - [t] \"GET /a HTTP/1.1\" 200",
                run("| pattern `<ip> - - <_> \"<method> <uri> <_>\" <_>`", "1.2.3.4 - - [t] \"GET /a HTTP/1.1\" 200"));
        assertEquals("{app=\"api\"} | no match here", run("| pattern `<ip> - - <_>`", "no match here"));
        assertEquals(
                "{app=\"api\", container=\"c1\"} | original line",
                run("| unpack", "{\"container\":\"c1\",\"_entry\":\"original line\"}"));
    }

    @Test
    void labelFiltersByType() throws Exception {
        String line = "status=503 latency=250ms size=20KB addr=10.1.2.3 method=GET";
        assertEquals("dropped", run("| logfmt | latency > 1s", line));
        assertFalse(run("| logfmt | latency > 100ms", line).equals("dropped"));
        assertFalse(run("| logfmt | size >= 20KB and size <= 20kB", line).equals("dropped"));
        assertEquals("dropped", run("| logfmt | size > 20KB", line));
        assertFalse(run("| logfmt | status >= 500, method=\"GET\"", line).equals("dropped"));
        assertFalse(run("| logfmt | status < 500 or method=\"GET\"", line).equals("dropped"));
        assertEquals("dropped", run("| logfmt | status < 500 or (method=\"GET\" and latency > 1s)", line));
        assertFalse(run("| logfmt | addr = ip(\"10.0.0.0/8\")", line).equals("dropped"));
        assertEquals("dropped", run("| logfmt | addr != ip(\"10.0.0.0/8\")", line));
        assertEquals("dropped", run("| logfmt | missing > 1", line), "an absent label fails a comparison");
        assertTrue(
                run("| logfmt | method > 1", line).startsWith("{__error__=\"LabelFilterErr\""),
                "a value that is not a number keeps the line with an error");
        assertEquals("dropped", run("| logfmt | method > 1 | __error__=\"\"", line));
    }

    @Test
    void formatters() throws Exception {
        String line = "level=info query=\"select 1\" duration=1500 status=200";
        assertEquals(
                "{app=\"api\", duration=\"1500\", level=\"info\", query=\"select 1\", status=\"200\"} | INFO select 1 1",
                run("| logfmt | line_format \"{{ .level | upper }} {{.query}} {{div .duration 1000}}\"", line));
        assertEquals(
                "{app=\"api\", duration=\"1500\", lvl=\"info\", query=\"select 1\", status=\"200\", summary=\"200 info\"} | "
                        + line,
                run("| logfmt | label_format lvl=level, summary=\"{{.status}} {{.level}}\"", line),
                "a rename drops the source; templates see the labels from before the stage");
        assertEquals(
                "{app=\"api\", duration=\"1500\", query=\"select 1\"} | " + line,
                run("| logfmt | drop level, status=\"200\"", line));
        assertEquals("{level=\"info\"} | " + line, run("| logfmt | keep level", line));
        assertEquals("{app=\"api\"} | red text", run("| decolorize", "\u001b[31mred\u001b[0m text"));
        assertEquals("{app=\"api\"} | ok", run("| line_format \"{{if eq .app \\\"api\\\"}}ok{{else}}no{{end}}\"", "x"));
        assertEquals(
                "{app=\"api\"} | 1 1500 x",
                run(
                        "| line_format \"{{ __timestamp__ | unixEpoch }} {{ __timestamp__ | unixEpochMillis }} {{ __line__ }}\"",
                        "x",
                        1_500_000_000L));
        assertEquals(
                "dropped",
                run("| line_format \"{{.app}} changed\" |= \"unchanged\"", "x"),
                "filters after line_format see the new line");
    }

    @Test
    void hintedParsersDecideAsFullOnes() throws Exception {
        LogQuery q = LogQLParser.parseLogQuery("{app=\"api\"} | logfmt | level=\"info\"");
        Set<String> hints = q.labelsRead(List.of(), null);
        assertEquals(Set.of("level", Stage.ERROR, Stage.ERROR_DETAILS), hints);
        for (String line : List.of(
                "level=info a=1",
                "level=info msg=\"unterminated",
                "a=1 level=info level=error",
                "level=error",
                "lev\u00e9l=info level=info",
                "x=\"q\" level=info")) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            LineState full = new LineState().reset(STREAM, 0, bytes);
            LineState hinted = new LineState().want(hints).reset(STREAM, 0, bytes);
            assertEquals(q.process(full), q.process(hinted), line);
            assertEquals(full.get(Stage.ERROR), hinted.get(Stage.ERROR), line);
            assertEquals(full.get("level"), hinted.get("level"), line);
        }
        assertEquals(
                null,
                LogQLParser.parseLogQuery("{app=\"api\"} | logfmt | line_format \"{{.x}}\"")
                        .labelsRead(List.of(), null),
                "a template may read any label: no hints");
    }

    @Test
    void substringSearchAgreesWithStringContains() {
        SplittableRandom random = new SplittableRandom(42);
        String alphabet = "ab=c ";
        for (int trial = 0; trial < 20_000; trial++) {
            StringBuilder hay = new StringBuilder();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                hay.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            StringBuilder needle = new StringBuilder();
            int m = 1 + random.nextInt(6);
            for (int i = 0; i < m; i++) {
                needle.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] h = ("xx" + hay + "yy").getBytes(StandardCharsets.UTF_8);
            byte[] nb = needle.toString().getBytes(StandardCharsets.UTF_8);
            assertEquals(
                    hay.toString().contains(needle),
                    new SubstringSearch(nb).in(h, 2, h.length - 4),
                    "'" + hay + "' contains '" + needle + "'");
        }
    }
}
