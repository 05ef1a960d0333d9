// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.util.List;
import java.util.Locale;

/**
 * Loki's construction of a binary operation: both legs must be metric expressions, set operators
 * take no literal leg, and an operation between two literals is computed at parse time
 * ({@code 1 > 1 < 1} is the literal 1), comparisons giving 1 or 0.
 */
final class BinaryFolding {
    private BinaryFolding() {}

    static MetricRules.Sample binary(
            String op, boolean returnBool, MetricQuery.VectorMatching matching, Object lhs, Object rhs) {
        if (!(lhs instanceof MetricRules.Sample left)) {
            return MetricRules.Sample.failed(
                    "unexpected type for left leg of binary operation (" + op + "): " + goType(lhs));
        }
        if (!(rhs instanceof MetricRules.Sample right)) {
            return MetricRules.Sample.failed(
                    "unexpected type for right leg of binary operation (" + op + "): " + goType(rhs));
        }
        boolean leftLiteral = isLiteral(left);
        boolean rightLiteral = isLiteral(right);
        if (leftLiteral && left.error() != null) {
            return new MetricRules.Sample(null, left.error(), List.of());
        }
        if (rightLiteral && right.error() != null) {
            return new MetricRules.Sample(null, right.error(), List.of());
        }
        if (op.equals("or") || op.equals("and") || op.equals("unless")) {
            if (leftLiteral) {
                return MetricRules.Sample.failed("unexpected literal for left leg of logical/set binary operation ("
                        + op + "): " + String.format(Locale.ROOT, "%f", value(left)));
            }
            if (rightLiteral) {
                return MetricRules.Sample.failed("unexpected literal for right leg of logical/set binary operation ("
                        + op + "): " + String.format(Locale.ROOT, "%f", value(right)));
            }
        }
        if (leftLiteral && rightLiteral) {
            return MetricRules.Sample.ok(new MetricQuery.Literal(fold(op, value(left), value(right))));
        }
        MetricQuery value = left.value() == null || right.value() == null
                ? null
                : new MetricQuery.BinaryOp(op, returnBool, matching, left.value(), right.value());
        return new MetricRules.Sample(value, null, List.of(left, right));
    }

    /** A literal leg, including one whose number did not parse (the error then travels with it). */
    private static boolean isLiteral(MetricRules.Sample s) {
        return s.value() instanceof MetricQuery.Literal
                || (s.error() != null && s.error().getMessage().contains("unable to parse literal as a float"));
    }

    private static double value(MetricRules.Sample s) {
        return ((MetricQuery.Literal) s.value()).value();
    }

    private static String goType(Object o) {
        LogQuery q = (LogQuery) o;
        return q.filters().isEmpty() && q.stages().isEmpty() ? "*syntax.MatchersExpr" : "*syntax.PipelineExpr";
    }

    static double fold(String op, double l, double r) {
        return switch (op) {
            case "+" -> l + r;
            case "-" -> l - r;
            case "*" -> l * r;
            case "/" -> r == 0 ? Double.NaN : l / r;
            case "%" -> r == 0 ? Double.NaN : l % r;
            case "^" -> Math.pow(l, r);
            case "==" -> l == r ? 1 : 0;
            case "!=" -> l != r ? 1 : 0;
            case ">" -> l > r ? 1 : 0;
            case ">=" -> l >= r ? 1 : 0;
            case "<" -> l < r ? 1 : 0;
            default -> l <= r ? 1 : 0;
        };
    }
}
