// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.read;

import io.skald.core.model.Labels;
import io.skald.logql.MetricQuery.BinaryOp;
import io.skald.logql.MetricQuery.VectorMatching;
import io.skald.querier.internal.read.MetricEvaluator.EvaluationException;
import io.skald.querier.internal.read.MetricEvaluator.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * LogQL's binary operators over evaluated values, as Prometheus defines them: arithmetic and
 * comparisons (with {@code bool}) between scalars and vectors, one-to-one and many-to-one vector
 * matching with {@code on}/{@code ignoring} and {@code group_left}/{@code group_right}, and the set
 * operators {@code and}, {@code or}, {@code unless}.
 */
final class BinaryOperators {
    private final int steps;

    BinaryOperators(int steps) {
        this.steps = steps;
    }

    private double[] empty() {
        return MetricEvaluator.nans(steps);
    }

    Value binary(BinaryOp b, Value lhs, Value rhs) {
        if (lhs.scalar() != null && rhs.scalar() != null) {
            double[] out = new double[steps];
            for (int i = 0; i < steps; i++) {
                out[i] = apply(b.op(), lhs.scalar()[i], rhs.scalar()[i], true);
            }
            return Value.scalar(out);
        }
        if (b.setOperation() && (lhs.scalar() != null || rhs.scalar() != null)) {
            throw new EvaluationException("set operator \"" + b.op() + "\" not allowed in binary scalar expression");
        }
        if (lhs.scalar() != null || rhs.scalar() != null) {
            boolean scalarLeft = lhs.scalar() != null;
            double[] scalar = scalarLeft ? lhs.scalar() : rhs.scalar();
            Map<Labels, double[]> vector = scalarLeft ? rhs.vector() : lhs.vector();
            Map<Labels, double[]> out = new LinkedHashMap<>();
            vector.forEach((labels, values) -> {
                double[] r = empty();
                for (int i = 0; i < steps; i++) {
                    if (Double.isNaN(values[i])) {
                        continue;
                    }
                    double x = scalarLeft ? scalar[i] : values[i];
                    double y = scalarLeft ? values[i] : scalar[i];
                    double result = apply(b.op(), x, y, b.returnBool());
                    if (b.comparison() && !b.returnBool()) {
                        r[i] = result == 1 ? values[i] : Double.NaN; // a filter keeps the vector's own value
                    } else {
                        r[i] = result;
                    }
                }
                out.put(labels, r);
            });
            return Value.vector(out);
        }
        if (b.setOperation()) {
            return Value.vector(setOperation(b, lhs.vector(), rhs.vector()));
        }
        return Value.vector(vectorMatch(b, lhs.vector(), rhs.vector()));
    }

    /** Arithmetic, or a comparison as 1 (true) / 0 (false), or NaN where a comparison filter drops the sample. */
    private static double apply(String op, double x, double y, boolean returnBool) {
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> x / y;
            case "%" -> x % y;
            case "^" -> Math.pow(x, y);
            case "==" -> truth(x == y, returnBool);
            case "!=" -> truth(x != y, returnBool);
            case ">" -> truth(x > y, returnBool);
            case ">=" -> truth(x >= y, returnBool);
            case "<" -> truth(x < y, returnBool);
            case "<=" -> truth(x <= y, returnBool);
            default -> throw new EvaluationException("unknown operator " + op);
        };
    }

    private static double truth(boolean t, boolean returnBool) {
        return t ? 1 : returnBool ? 0 : Double.NaN;
    }

    private static Labels signature(Labels labels, VectorMatching m) {
        return m == null ? labels : LabelSets.select(labels, m.labels(), m.on());
    }

    private Map<Labels, double[]> setOperation(BinaryOp b, Map<Labels, double[]> lhs, Map<Labels, double[]> rhs) {
        Map<Labels, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < steps; i++) {
            Set<Labels> rightSigs = new HashSet<>();
            for (Map.Entry<Labels, double[]> r : rhs.entrySet()) {
                if (!Double.isNaN(r.getValue()[i])) {
                    rightSigs.add(signature(r.getKey(), b.matching()));
                }
            }
            Set<Labels> leftSigs = new HashSet<>();
            for (Map.Entry<Labels, double[]> l : lhs.entrySet()) {
                double x = l.getValue()[i];
                if (Double.isNaN(x)) {
                    continue;
                }
                Labels sig = signature(l.getKey(), b.matching());
                leftSigs.add(sig);
                boolean inRight = rightSigs.contains(sig);
                if (b.op().equals("or") || (b.op().equals("and") == inRight)) {
                    out.computeIfAbsent(l.getKey(), k -> empty())[i] = x;
                }
            }
            if (b.op().equals("or")) {
                for (Map.Entry<Labels, double[]> r : rhs.entrySet()) {
                    double y = r.getValue()[i];
                    if (!Double.isNaN(y) && !leftSigs.contains(signature(r.getKey(), b.matching()))) {
                        out.computeIfAbsent(r.getKey(), k -> empty())[i] = y;
                    }
                }
            }
        }
        return out;
    }

    /** One-to-one, or many-to-one / one-to-many with group_left / group_right, per step. */
    private Map<Labels, double[]> vectorMatch(BinaryOp b, Map<Labels, double[]> lhs, Map<Labels, double[]> rhs) {
        VectorMatching m = b.matching();
        String group = m == null ? null : m.group();
        boolean right = "right".equals(group);
        Map<Labels, double[]> many = right ? rhs : lhs;
        Map<Labels, double[]> one = right ? lhs : rhs;
        Map<Labels, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < steps; i++) {
            Map<Labels, Labels> oneBySig = new HashMap<>();
            for (Map.Entry<Labels, double[]> o : one.entrySet()) {
                if (Double.isNaN(o.getValue()[i])) {
                    continue;
                }
                Labels sig = signature(o.getKey(), m);
                if (oneBySig.put(sig, o.getKey()) != null) {
                    throw new EvaluationException("found duplicate series for the match group " + sig
                            + " on the " + (right ? "left" : "right") + " hand-side of the operation: "
                            + (group == null
                                    ? "many-to-many matching not allowed: matching labels must be unique on one side"
                                    : "multiple matches"));
                }
            }
            Set<Labels> seen = new HashSet<>();
            for (Map.Entry<Labels, double[]> e : many.entrySet()) {
                double mv = e.getValue()[i];
                if (Double.isNaN(mv)) {
                    continue;
                }
                Labels sig = signature(e.getKey(), m);
                Labels match = oneBySig.get(sig);
                if (match == null) {
                    continue;
                }
                if (group == null && !seen.add(sig)) {
                    throw new EvaluationException(
                            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                }
                double ov = one.get(match)[i];
                double x = right ? ov : mv;
                double y = right ? mv : ov;
                double result = apply(b.op(), x, y, b.returnBool());
                if (b.comparison() && !b.returnBool()) {
                    if (Double.isNaN(result)) {
                        continue;
                    }
                    result = x; // a filter keeps the left-hand value
                }
                Labels labels = resultLabels(e.getKey(), match, m);
                out.computeIfAbsent(labels, k -> empty())[i] = result;
            }
        }
        return out;
    }

    /** Prometheus' result labels: on(…) keeps those labels one-to-one, ignoring(…) drops them; grouping copies include labels. */
    private static Labels resultLabels(Labels many, Labels one, VectorMatching m) {
        if (m == null) {
            return many;
        }
        if (m.group() == null) {
            return signature(many, m);
        }
        if (m.include().isEmpty()) {
            return many;
        }
        Map<String, String> out = new TreeMap<>();
        many.asList().forEach(l -> out.put(l.name(), l.value()));
        for (String name : m.include()) {
            String v = one.get(name);
            if (v == null) {
                out.remove(name);
            } else {
                out.put(name, v);
            }
        }
        return Labels.of(out);
    }
}
