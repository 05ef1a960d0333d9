// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A line filter: {@code |= "x"}, {@code != "x"}, {@code |~ "re"}, {@code !~ "re"}, with {@code or}
 * alternatives ({@code |= "a" or "b"}). Contains-filters work on the raw bytes, so a line is only
 * decoded when a regex has to look at it.
 */
public final class LineFilter {
    public enum Op {
        CONTAINS("|="), NOT_CONTAINS("!="), MATCHES("|~"), NOT_MATCHES("!~");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    private final Op op;
    private final List<String> values;
    private final byte[][] needles;
    private final Pattern[] patterns;

    public LineFilter(Op op, List<String> values) {
        this.op = op;
        this.values = List.copyOf(values);
        this.needles = values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        this.patterns = op == Op.MATCHES || op == Op.NOT_MATCHES
                ? values.stream().map(Pattern::compile).toArray(Pattern[]::new) : null;
    }

    public Op op() {
        return op;
    }

    public List<String> values() {
        return values;
    }

    public boolean test(byte[] line) {
        return test(line, 0, line.length);
    }

    /** The filter on {@code length} bytes at {@code offset}: contains-filters search them where they lie. */
    public boolean test(byte[] buffer, int offset, int length) {
        boolean any = false;
        for (int i = 0; i < values.size() && !any; i++) {
            any = patterns == null ? contains(buffer, offset, length, needles[i])
                    : patterns[i].matcher(new String(buffer, offset, length, StandardCharsets.UTF_8)).find();
        }
        return (op == Op.CONTAINS || op == Op.MATCHES) == any;
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
            b.append(quote(values.get(i)));
        }
        return b.toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
