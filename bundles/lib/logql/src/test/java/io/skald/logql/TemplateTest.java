// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** line_format templates: Go template syntax and Loki's functions, outputs as Go prints them. */
class TemplateTest {
    static final Map<String, String> LABELS =
            Map.of("status", "200", "path", "/api/v1/push", "ms", "1500", "name", "  pad  ", "text", "Hello World");

    @ParameterizedTest
    @CsvSource(
            delimiterString = " ==> ",
            value = {
                "{{.status}} {{.path}} ==> 200 /api/v1/push",
                "{{ .missing }}| ==> |",
                "{{ .path | replace \"/\" \"_\" }} ==> _api_v1_push",
                "{{ Replace .path \"/\" \"_\" 2 }} ==> _api_v1/push",
                "{{ .text | lower }} {{ ToUpper .text }} ==> hello world HELLO WORLD",
                "{{ trunc 5 .text }}|{{ trunc -5 .text }} ==> Hello|World",
                "{{ substr 0 4 .path }} ==> /api",
                "[{{ .name | trim }}] [{{ TrimSpace .name }}] ==> [pad] [pad]",
                "{{ trimPrefix \"/api\" .path }} {{ trimSuffix \"push\" .path }} ==> /v1/push /api/v1/",
                "{{ alignLeft 5 .status }}|{{ alignRight 5 .status }}| ==> 200  |  200|",
                "{{ div .ms 1000 }} {{ divf .ms 1000 }} {{ mod .ms 7 }} {{ add 1 2 }} {{ mulf 1.5 2 }} ==> 1 1.5 2 3 3",
                "{{ if gt (int .ms) 1000 }}slow{{ else }}fast{{ end }} ==> slow",
                "{{ if eq .status \"500\" }}err{{ else if eq .status \"200\" }}ok{{ else }}other{{ end }} ==> ok",
                "{{ .missing | default \"-\" }} ==> -",
                "{{ regexReplaceAll \"(\\\\w+)/(\\\\w+)\" .path \"${2}\" }} ==> /v1/push",
                "{{ count \"o\" .text }} ==> 2",
                "{{ contains \"World\" .text }} {{ hasPrefix \"Hell\" .text }} ==> true true",
                "{{ printf \"%s=%d\" .status 42 }} ==> 200=42",
                "{{ b64enc .status }} {{ \"MjAw\" | b64dec }} ==> MjAw 200",
                "{{ urlencode .path }} ==> %2Fapi%2Fv1%2Fpush",
                "{{ bytes \"2KB\" }} {{ duration \"1m30s\" }} ==> 2000 90",
                "a {{- \" b \" -}} c ==> a b c",
                "{{/* a comment */}}x ==> x",
                "{{ . }} ==> map[ms:1500 name:  pad   path:/api/v1/push status:200 text:Hello World]",
                "{{ and .status .missing }}|{{ or .missing .status }}|{{ not .missing }} ==> |200|true"
            })
    void executes(String template, String expected) throws Exception {
        assertEquals(expected, Template.parse(template).execute(LABELS, "the line", 0));
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " ==> ",
            value = {
                "{{ .a ==> parse error : template: line:1: unclosed action",
                "{{ nope .a }} ==> parse error : template: line:1: function \"nope\" not defined",
                "{{ if .a }}x ==> parse error : template: line:1: unexpected EOF",
                "{{ end }} ==> parse error : template: line:1: unexpected {{end}}"
            })
    void refuses(String template, String message) {
        assertEquals(
                message,
                assertThrows(ParseException.class, () -> Template.parse(template))
                        .getMessage());
    }
}
