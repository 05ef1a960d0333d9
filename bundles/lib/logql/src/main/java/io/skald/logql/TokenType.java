// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

/**
 * LogQL's terminal symbols in the order Loki's grammar declares them, which is the order goyacc
 * lists expected tokens in its error messages. {@link #display} is the name an error message
 * shows: Loki renames the tokens that have a fixed spelling to that spelling ({@code unexpected ip},
 * {@code expecting } or ,}); the function tokens and the value tokens keep their symbol names
 * ({@code unexpected RATE}, {@code expecting STRING}).
 */
enum TokenType {
    END("$end"),
    ERROR("error"),
    UNKNOWN("$unk"),
    BYTES,
    IDENTIFIER,
    STRING,
    NUMBER,
    FUNCTION_FLAG,
    DURATION,
    RANGE,
    MATCHERS,
    LABELS,
    EQ("="),
    RE("=~"),
    NRE("!~"),
    NPA("!>"),
    OPEN_BRACE("{"),
    CLOSE_BRACE("}"),
    OPEN_BRACKET("["),
    CLOSE_BRACKET("]"),
    COMMA(","),
    DOT("."),
    PIPE_MATCH("|~"),
    PIPE_EXACT("|="),
    PIPE_PATTERN("|>"),
    OPEN_PARENTHESIS("("),
    CLOSE_PARENTHESIS(")"),
    BY("by"),
    WITHOUT("without"),
    COUNT_OVER_TIME,
    RATE,
    RATE_COUNTER,
    SUM,
    SORT,
    SORT_DESC,
    AVG,
    MAX,
    MIN,
    COUNT,
    STDDEV,
    STDVAR,
    BOTTOMK,
    TOPK,
    APPROX_TOPK,
    BYTES_OVER_TIME,
    BYTES_RATE,
    BOOL("bool"),
    JSON("json"),
    REGEXP("regexp"),
    LOGFMT("logfmt"),
    PIPE("|"),
    LINE_FMT("line_format"),
    LABEL_FMT("label_format"),
    UNWRAP("unwrap"),
    AVG_OVER_TIME,
    SUM_OVER_TIME,
    MIN_OVER_TIME,
    MAX_OVER_TIME,
    STDVAR_OVER_TIME,
    STDDEV_OVER_TIME,
    QUANTILE_OVER_TIME,
    BYTES_CONV,
    DURATION_CONV,
    DURATION_SECONDS_CONV,
    FIRST_OVER_TIME,
    LAST_OVER_TIME,
    ABSENT_OVER_TIME,
    VECTOR,
    LABEL_REPLACE("label_replace"),
    UNPACK("unpack"),
    OFFSET("offset"),
    PATTERN("pattern"),
    IP("ip"),
    ON("on"),
    IGNORING("ignoring"),
    GROUP_LEFT("group_left"),
    GROUP_RIGHT("group_right"),
    DECOLORIZE("decolorize"),
    DROP("drop"),
    KEEP("keep"),
    OR("or"),
    AND("and"),
    UNLESS("unless"),
    CMP_EQ("=="),
    NEQ("!="),
    LT("<"),
    LTE("<="),
    GT(">"),
    GTE(">="),
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/"),
    MOD("%"),
    POW("^");

    /** The first token goyacc considers when it lists what it expected ($end, error and $unk never appear). */
    static final TokenType FIRST_EXPECTABLE = BYTES;

    final String display;

    TokenType() {
        this.display = name();
    }

    TokenType(String display) {
        this.display = display;
    }
}
