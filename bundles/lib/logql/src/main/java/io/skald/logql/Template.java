// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Go {@code text/template} subset that {@code line_format} and {@code label_format} use: text,
 * {@code {{ pipelines }}} with {@code |}, fields ({@code .status}), literals, parenthesised
 * pipelines, {@code if / else if / else / end}, {@code with}, trim markers ({@code {{-} / {@code -}}})
 * and comments, with Loki's template functions (sprig names and the older Go-strings names).
 * Data is the line's labels; a missing label is the empty string, as with Go's
 * {@code map[string]string}.
 */
final class Template {
    /** Evaluation failed for one line (bad argument); Loki then sets {@code TemplateFormatErr}. */
    static final class ExecException extends Exception {
        private static final long serialVersionUID = 1L;

        ExecException(String message) {
            super(message);
        }
    }

    interface Node {
        void exec(Context c, StringBuilder out) throws ExecException;
    }

    record Context(Map<String, String> labels, String line, long timestampNanos) {}

    private final String source;
    private final List<Node> nodes;

    private Template(String source, List<Node> nodes) {
        this.source = source;
        this.nodes = nodes;
    }

    static Template parse(String source) throws ParseException {
        TemplateParser p = new TemplateParser(source);
        List<Node> nodes = p.list(Set.of()); // at the top, {{end}} and {{else}} are refused as they come
        return new Template(source, nodes);
    }

    String execute(Map<String, String> labels, String line, long timestampNanos) throws ExecException {
        StringBuilder out = new StringBuilder();
        Context c = new Context(labels, line, timestampNanos);
        for (Node n : nodes) {
            n.exec(c, out);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }

    // ---- evaluation -------------------------------------------------------------------------------

    interface Arg {
        Object eval(Context c) throws ExecException;
    }

    record Literal(Object value) implements Arg {
        @Override
        public Object eval(Context c) {
            return value;
        }
    }

    record Field(String name) implements Arg {
        @Override
        public Object eval(Context c) {
            if (name.isEmpty()) {
                return c.labels();
            }
            String v = c.labels().get(name);
            return v == null ? "" : v;
        }
    }

    record Call(String function, List<Arg> args) {}

    record Pipeline(List<Call> commands) implements Arg {
        @Override
        public Object eval(Context c) throws ExecException {
            Object piped = null;
            boolean first = true;
            for (Call cmd : commands) {
                List<Object> values = new ArrayList<>(cmd.args().size() + 1);
                for (Arg a : cmd.args()) {
                    values.add(a.eval(c));
                }
                if (!first) {
                    values.add(piped);
                }
                if (cmd.function() == null) {
                    if (values.size() != 1) {
                        throw new ExecException("can't give argument to non-function");
                    }
                    piped = values.get(0);
                } else {
                    piped = TemplateFunctions.call(cmd.function(), values, c);
                }
                first = false;
            }
            return piped;
        }
    }

    record Print(Pipeline pipeline) implements Node {
        @Override
        public void exec(Context c, StringBuilder out) throws ExecException {
            out.append(TemplateValues.print(pipeline.eval(c)));
        }
    }

    record Text(String text) implements Node {
        @Override
        public void exec(Context c, StringBuilder out) {
            out.append(text);
        }
    }

    /** {@code if} and {@code with} (which Loki's data makes the same, the dot staying the labels). */
    record Branch(Pipeline condition, List<Node> then, List<Node> otherwise) implements Node {
        @Override
        public void exec(Context c, StringBuilder out) throws ExecException {
            for (Node n : TemplateValues.truth(condition.eval(c)) ? then : otherwise) {
                n.exec(c, out);
            }
        }
    }
}
