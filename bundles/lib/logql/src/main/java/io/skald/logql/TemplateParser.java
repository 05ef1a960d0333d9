// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import io.skald.logql.Template.Branch;
import io.skald.logql.Template.Node;
import io.skald.logql.Template.Pipeline;
import io.skald.logql.Template.Print;
import io.skald.logql.Template.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

final class TemplateParser {
    private final String s;
    private int pos;
    private boolean trimNext;
    String stopWord; // the keyword that ended the last list: end, else

    TemplateParser(String s) {
        this.s = s;
    }

    ParseException error(String message) {
        return new ParseException("parse error : template: line:1: " + message);
    }

    /** Nodes up to a {@code {{end}}} or {@code {{else}}} (then {@link #stopWord} says which) or the end. */
    List<Node> list(Set<String> stops) throws ParseException {
        List<Node> out = new ArrayList<>();
        stopWord = null;
        while (pos < s.length()) {
            int open = s.indexOf("{{", pos);
            String text = s.substring(pos, open < 0 ? s.length() : open);
            if (trimNext) {
                text = text.stripLeading();
                trimNext = false;
            }
            if (open >= 0
                    && s.startsWith("{{-", open)
                    && open + 3 < s.length()
                    && Character.isWhitespace(s.charAt(open + 3))) {
                text = text.stripTrailing();
            }
            if (!text.isEmpty()) {
                out.add(new Text(text));
            }
            if (open < 0) {
                pos = s.length();
                break;
            }
            pos = open + 2;
            if (s.startsWith("- ", pos)) {
                pos++;
            }
            int close = actionEnd();
            String body = s.substring(pos, close).trim();
            if (close > 0
                    && s.charAt(close - 1) == '-'
                    && close - 2 >= pos
                    && Character.isWhitespace(s.charAt(close - 2))) {
                body = s.substring(pos, close - 1).trim();
                trimNext = true;
            }
            pos = close + 2;
            if (body.startsWith("/*")) {
                continue;
            }
            String keyword = keyword(body);
            switch (keyword) {
                case "end", "else" -> {
                    if (!stops.contains(keyword)) {
                        throw error("unexpected {{" + keyword + "}}");
                    }
                    stopWord = keyword;
                    elseRest = body.substring(keyword.length()).trim();
                    return out;
                }
                case "if", "with" -> out.add(branch(body.substring(keyword.length())));
                case "range", "define", "template", "block" ->
                    throw error("{{" + keyword + "}} is not supported in log templates");
                default -> out.add(new Print(new TemplateLexer(this, body).pipelineToEnd()));
            }
        }
        if (!stops.isEmpty()) {
            throw error("unexpected EOF");
        }
        return out;
    }

    private String elseRest = "";

    private Branch branch(String conditionText) throws ParseException {
        Pipeline condition = new TemplateLexer(this, conditionText.trim()).pipelineToEnd();
        List<Node> then = list(Set.of("end", "else"));
        List<Node> otherwise = List.of();
        if ("else".equals(stopWord)) {
            String rest = elseRest;
            if (rest.startsWith("if ") || rest.startsWith("with ")) { // else if: a nested branch that shares our end
                otherwise = List.of(branch(rest.substring(rest.indexOf(' '))));
                return new Branch(condition, then, otherwise);
            }
            otherwise = list(Set.of("end"));
        }
        return new Branch(condition, then, otherwise);
    }

    private static String keyword(String body) {
        int i = 0;
        while (i < body.length() && Character.isLetter(body.charAt(i))) {
            i++;
        }
        String word = body.substring(0, i);
        return switch (word) {
            case "if", "else", "end", "with", "range", "define", "template", "block" -> word;
            default -> "";
        };
    }

    /** The position of the {@code }}} closing the action at {@link #pos}, skipping string literals. */
    private int actionEnd() throws ParseException {
        int i = pos;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '`') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' && c == '"' ? 2 : 1;
                }
                i = j + 1;
            } else if (s.startsWith("}}", i)) {
                return i;
            } else {
                i++;
            }
        }
        throw error("unclosed action");
    }
}
