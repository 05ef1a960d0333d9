// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import io.skald.core.go.GoDuration;
import java.util.Set;

/**
 * A label filter: string ({@code level="error"}, {@code =~}, …), numeric ({@code status >= 500}),
 * duration ({@code latency > 250ms}), bytes ({@code size <= 20KB}) or {@code ip()}, combined with
 * {@code and} / {@code or} left to right. A value that cannot be converted keeps the line and sets
 * {@code __error__=LabelFilterErr}, as Loki does.
 */
public abstract class LabelFilter implements Stage {
    static final String ERR = "LabelFilterErr";

    private LabelFilter() {}

    /** Adds the label names this filter reads. */
    abstract void names(Set<String> into);

    /** The filter as written after {@code |} (without the bar): nested where precedence needs it. */
    abstract String expression();

    @Override
    public String toString() {
        return "| " + expression();
    }

    static final class Str extends LabelFilter {
        final Matcher matcher;

        Str(Matcher matcher) {
            this.matcher = matcher;
        }

        @Override
        public boolean process(LineState line) {
            return matcher.matches(line.get(matcher.name()));
        }

        @Override
        void names(Set<String> into) {
            into.add(matcher.name());
        }

        @Override
        String expression() {
            return matcher.toString();
        }
    }

    /** How a comparison reads its operand: a plain number, a Go duration, or a byte size. */
    enum Kind {
        NUMBER,
        DURATION,
        BYTES
    }

    static final class Compare extends LabelFilter {
        final String name;
        final String op;
        final Kind kind;
        final double value;
        final String literal;

        Compare(String name, String op, Kind kind, String literal) {
            this.name = name;
            this.op = op.equals("=") ? "==" : op;
            this.kind = kind;
            this.literal = literal;
            this.value = convert(kind, literal);
        }

        static double convert(Kind kind, String text) {
            return switch (kind) {
                case NUMBER -> Double.parseDouble(text);
                case DURATION -> GoDuration.parse(text).toNanos();
                case BYTES -> Sizes.parseBytes(text);
            };
        }

        @Override
        void names(Set<String> into) {
            into.add(name);
        }

        @Override
        public boolean process(LineState line) {
            String v = line.get(name);
            if (v == null) {
                return op.equals("!="); // an absent label equals nothing
            }
            double x;
            try {
                x = convert(kind, v);
            } catch (IllegalArgumentException e) {
                line.setError(ERR, e.getMessage());
                return true;
            }
            return switch (op) {
                case ">" -> x > value;
                case ">=" -> x >= value;
                case "<" -> x < value;
                case "<=" -> x <= value;
                case "==" -> x == value;
                default -> x != value;
            };
        }

        @Override
        String expression() {
            return name + " " + op + " " + literal;
        }
    }

    static final class Ip extends LabelFilter {
        final String name;
        final boolean equal;
        final IpMatcher ip;

        Ip(String name, boolean equal, IpMatcher ip) {
            this.name = name;
            this.equal = equal;
            this.ip = ip;
        }

        @Override
        public boolean process(LineState line) {
            String v = line.get(name);
            return (v != null && ip.matches(v)) == equal;
        }

        @Override
        void names(Set<String> into) {
            into.add(name);
        }

        @Override
        String expression() {
            return name + (equal ? " = " : " != ") + "ip(" + LineFilter.quote(ip.toString()) + ")";
        }
    }

    static final class Binary extends LabelFilter {
        final LabelFilter left;
        final boolean and;
        final LabelFilter right;

        Binary(LabelFilter left, boolean and, LabelFilter right) {
            this.left = left;
            this.and = and;
            this.right = right;
        }

        @Override
        void names(Set<String> into) {
            left.names(into);
            right.names(into);
        }

        @Override
        public boolean process(LineState line) {
            boolean l = left.process(line);
            if (and ? !l : l) {
                return l;
            }
            return right.process(line);
        }

        @Override
        String expression() {
            String r = right instanceof Binary ? "(" + right.expression() + ")" : right.expression();
            return left.expression() + (and ? " and " : " or ") + r;
        }
    }
}
