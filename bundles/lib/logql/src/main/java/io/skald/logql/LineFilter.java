// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A line filter: {@code |= "x"}, {@code != "x"}, {@code |~ "re"}, {@code !~ "re"}, pattern filters
 * {@code |> "<_> x <_>"} / {@code !> …}, and {@code ip("…")} as the value of {@code |=} / {@code !=};
 * {@code or} gives alternatives ({@code |= "a" or "b"}). Contains-filters work on the raw bytes, so a
 * line is only decoded when a regex or pattern has to look at it.
 */
public final class LineFilter implements Stage {
    public enum Op {
        CONTAINS("|="),
        NOT_CONTAINS("!="),
        MATCHES("|~"),
        NOT_MATCHES("!~"),
        PATTERN("|>"),
        NOT_PATTERN("!>");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean positive() {
            return this == CONTAINS || this == MATCHES || this == PATTERN;
        }
    }

    private final Op op;
    private final List<String> values;
    private final boolean[] ipAt; // per value: an ip("…") argument rather than a string
    private final byte[][] needles;
    private final SubstringSearch[] searches; // one per needle
    private final Pattern[] patterns;
    /**
     * Loki compiles line filter regexes (and checks the operator of ip()) when the query runs, not
     * when it parses: such an error waits for that.
     */
    private final String regexError;

    private final LinePattern[] linePatterns;
    private final IpMatcher[] ips;

    public LineFilter(Op op, List<String> values) {
        this(op, values, false);
    }

    /** {@code ip} true: the values are {@code ip("…")} arguments. */
    LineFilter(Op op, List<String> values, boolean ip) {
        this(op, values, flags(values.size(), ip));
    }

    /** An {@code or} chain in which some alternatives are {@code ip("…")} and others strings. */
    LineFilter(Op op, List<String> values, boolean[] ipAt) {
        this.op = op;
        this.values = List.copyOf(values);
        this.ipAt = ipAt.clone();
        int n = values.size();
        this.needles =
                values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        this.searches = new SubstringSearch[n];
        for (int i = 0; i < n; i++) {
            searches[i] = new SubstringSearch(needles[i]);
        }
        boolean anyIp = false;
        for (boolean b : ipAt) {
            anyIp |= b;
        }
        // Loki refuses ip() with other operators when it builds the filter, i.e. when the query runs
        String error = anyIp && op != Op.CONTAINS && op != Op.NOT_CONTAINS ? "ip: invalid operation" : null;
        Pattern[] compiled = null;
        if (op == Op.MATCHES || op == Op.NOT_MATCHES) {
            compiled = new Pattern[n];
            for (int i = 0; i < n && error == null; i++) {
                try {
                    compiled[i] = ipAt[i] ? null : Pattern.compile(values.get(i));
                } catch (PatternSyntaxException e) {
                    error = e.getMessage();
                }
            }
        }
        this.patterns = compiled;
        this.regexError = error;
        this.linePatterns = (op == Op.PATTERN || op == Op.NOT_PATTERN) && error == null
                ? values.stream().map(LinePattern::new).toArray(LinePattern[]::new)
                : null;
        IpMatcher[] matchers = null;
        for (int i = 0; i < n; i++) {
            if (ipAt[i] && error == null) {
                matchers = matchers == null ? new IpMatcher[n] : matchers;
                matchers[i] = new IpMatcher(values.get(i));
            }
        }
        this.ips = matchers;
    }

    private static boolean[] flags(int n, boolean value) {
        boolean[] out = new boolean[n];
        Arrays.fill(out, value);
        return out;
    }

    /** The regex error Loki reports when such a query runs ({@code error parsing regexp: …}), or null. */
    public String regexError() {
        return regexError;
    }

    public Op op() {
        return op;
    }

    public List<String> values() {
        return values;
    }

    @Override
    public boolean process(LineState line) {
        return test(line.buffer(), line.offset(), line.length());
    }

    /**
     * For a plain {@code |=} filter, the needles of which a kept line contains at least one (the
     * alternatives of an {@code or} chain); null for every other filter. Lets a reader skip data
     * that cannot contain any of them.
     */
    public List<byte[]> requiredLiterals() {
        return op == Op.CONTAINS && ips == null ? List.of(needles) : null;
    }

    public boolean test(byte[] line) {
        return test(line, 0, line.length);
    }

    /** The filter on {@code length} bytes at {@code offset}: contains-filters search them where they lie. */
    private IllegalArgumentException runtimeError() {
        return new IllegalArgumentException(regexError);
    }

    public boolean test(byte[] buffer, int offset, int length) {
        if (regexError != null) {
            throw runtimeError(); // out of line: this method is hot and small enough to inline
        }
        boolean any = false;
        for (int i = 0; i < values.size() && !any; i++) {
            if (ips != null && ips[i] != null) {
                any = ips[i].anyIn(new String(buffer, offset, length, StandardCharsets.UTF_8));
            } else if (patterns != null) {
                any = patterns[i]
                        .matcher(new String(buffer, offset, length, StandardCharsets.UTF_8))
                        .find();
            } else if (linePatterns != null) {
                any = linePatterns[i].matches(new String(buffer, offset, length, StandardCharsets.UTF_8));
            } else {
                any = searches[i].in(buffer, offset, length);
            }
        }
        return op.positive() == any;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        return contains(haystack, 0, haystack.length, needle);
    }

    static boolean contains(byte[] haystack, int offset, int length, byte[] needle) {
        if (needle.length == 0) {
            return true;
        }
        byte first = needle[0];
        int last = offset + length - needle.length;
        outer:
        for (int i = offset; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(op.symbol).append(' ');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(" or ");
            }
            b.append(ipAt[i] ? "ip(" + quote(values.get(i)) + ")" : quote(values.get(i)));
        }
        return b.toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
