// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import io.skald.logql.Template.Arg;
import io.skald.logql.Template.Call;
import io.skald.logql.Template.Field;
import io.skald.logql.Template.Literal;
import io.skald.logql.Template.Pipeline;
import java.util.ArrayList;
import java.util.List;

/** Tokens of one action: fields, literals, identifiers, parentheses and pipes. */
final class TemplateLexer {
    private final TemplateParser parser;
    private final String s;
    private int pos;

    TemplateLexer(TemplateParser parser, String s) {
        this.parser = parser;
        this.s = s;
    }

    Pipeline pipelineToEnd() throws ParseException {
        Pipeline p = pipeline();
        skip();
        if (pos < s.length()) {
            throw parser.error("unexpected \"" + s.charAt(pos) + "\" in command");
        }
        return p;
    }

    private Pipeline pipeline() throws ParseException {
        List<Call> commands = new ArrayList<>();
        while (true) {
            commands.add(command());
            skip();
            if (pos < s.length() && s.charAt(pos) == '|') {
                pos++;
                continue;
            }
            return new Pipeline(commands);
        }
    }

    private Call command() throws ParseException {
        List<Arg> args = new ArrayList<>();
        String function = null;
        while (true) {
            skip();
            if (pos >= s.length() || s.charAt(pos) == '|' || s.charAt(pos) == ')') {
                break;
            }
            char c = s.charAt(pos);
            if (args.isEmpty() && function == null && (Character.isLetter(c) || c == '_')) {
                String name = identifier();
                switch (name) {
                    case "true", "false" -> args.add(new Literal(Boolean.parseBoolean(name)));
                    case "nil" -> args.add(new Literal(null));
                    default -> {
                        if (!TemplateFunctions.NAMES.contains(name)) {
                            throw parser.error("function \"" + name + "\" not defined");
                        }
                        function = name;
                    }
                }
                continue;
            }
            args.add(operand());
        }
        if (function == null && args.isEmpty()) {
            throw parser.error("missing value for command");
        }
        return new Call(function, args);
    }

    private Arg operand() throws ParseException {
        char c = s.charAt(pos);
        if (c == '.') {
            pos++;
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            return new Field(s.substring(start, pos));
        }
        if (c == '(') {
            pos++;
            Pipeline p = pipeline();
            skip();
            if (pos >= s.length() || s.charAt(pos) != ')') {
                throw parser.error("unclosed left paren");
            }
            pos++;
            return p;
        }
        if (c == '"' || c == '`') {
            return new Literal(string(c));
        }
        if (Character.isDigit(c) || c == '-' || c == '+') {
            int start = pos++;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            String n = s.substring(start, pos);
            try {
                return new Literal(
                        n.contains(".") || n.contains("e")
                                ? (Object) Double.parseDouble(n)
                                : (Object) Long.parseLong(n));
            } catch (NumberFormatException e) {
                throw parser.error("bad number syntax: \"" + n + "\"");
            }
        }
        if (Character.isLetter(c) || c == '_') {
            String name = identifier();
            if (name.equals("true") || name.equals("false")) {
                return new Literal(Boolean.parseBoolean(name));
            }
            if (!TemplateFunctions.NAMES.contains(name)) {
                throw parser.error("function \"" + name + "\" not defined");
            }
            return new Pipeline(
                    List.of(new Call(name, List.of()))); // a function used as a value: called without arguments
        }
        throw parser.error("unexpected \"" + c + "\" in operand");
    }

    private String identifier() {
        int start = pos;
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private String string(char quote) throws ParseException {
        pos++;
        StringBuilder b = new StringBuilder();
        while (pos < s.length() && s.charAt(pos) != quote) {
            char c = s.charAt(pos++);
            if (c == '\\' && quote == '"' && pos < s.length()) {
                char e = s.charAt(pos++);
                b.append(
                        switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> e;
                        });
            } else {
                b.append(c);
            }
        }
        if (pos >= s.length()) {
            throw parser.error("unterminated quoted string");
        }
        pos++;
        return b.toString();
    }

    private void skip() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }
}
