// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link ParseTables} the way goyacc's generated parser runs its tables, so that Loki's
 * messages come out the same: a state without shifts reduces without reading ahead; an error
 * reads {@code syntax error: unexpected X, expecting A or B} with the expected tokens listed only
 * when there are at most four; then yacc's recovery runs (pop to a state that shifts
 * {@code error}, drop tokens until one fits), during which reduce actions still run and can fail
 * with their own error, which then wins over the syntax error, as a panic does in Loki.
 */
final class LalrParser {
    private static final int MAX_EXPECTED = 4;

    private final ParseTables tables;

    LalrParser(ParseTables tables) {
        this.tables = tables;
    }

    Object parse(Lexer lexer) throws ParseException {
        List<Integer> states = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        states.add(0);
        values.add(null);
        Lexer.Token look = null;
        int recovering = 0; // goyacc's Errflag: shifts left before a new error is reported again
        boolean failed = false;
        while (true) {
            int state = states.get(states.size() - 1);
            int action;
            if (!tables.hasShifts(state) && !tables.exceptions[state] && tables.defaults[state] != 0) {
                action = tables.defaults[state];
            } else {
                if (look == null) {
                    look = lexer.next();
                }
                action = tables.actions[state][look.type().ordinal()];
                if (action == 0) {
                    action = tables.defaults[state];
                }
            }
            if (action == ParseTables.ACCEPT) {
                break;
            }
            if (action > 0) {
                states.add(action - 1);
                values.add(look);
                look = null;
                recovering = Math.max(0, recovering - 1);
            } else if (action < 0) {
                Grammar.Production p = tables.grammar.productions().get(-action - 1);
                int n = p.rhs().length;
                Object[] rhs = values.subList(values.size() - n, values.size()).toArray();
                Object value;
                try {
                    value = p.action().reduce(rhs);
                } catch (RuntimeException e) {
                    if (!failed) {
                        throw e;
                    }
                    break; // a value missing after recovery: the recorded error stands
                }
                for (int i = 0; i < n; i++) {
                    states.remove(states.size() - 1);
                    values.remove(values.size() - 1);
                }
                states.add(tables.gotos[states.get(states.size() - 1)][p.lhs()]);
                values.add(value);
            } else {
                if (recovering == 0) {
                    lexer.error(message(state, look == null ? TokenType.UNKNOWN : look.type()));
                    failed = true;
                }
                if (recovering == 3) {
                    if (look == null || look.type() == TokenType.END) {
                        break;
                    }
                    look = null; // drop the token and try again
                    continue;
                }
                recovering = 3;
                int errorShift = -1;
                while (!states.isEmpty()) {
                    int a = tables.actions[states.get(states.size() - 1)][TokenType.ERROR.ordinal()];
                    if (a > 0) {
                        errorShift = a - 1;
                        break;
                    }
                    states.remove(states.size() - 1);
                    values.remove(values.size() - 1);
                }
                if (errorShift < 0) {
                    break;
                }
                states.add(errorShift);
                values.add(null);
            }
        }
        if (lexer.firstError() != null) {
            throw lexer.firstError();
        }
        return values.get(values.size() - 1);
    }

    /** goyacc's verbose message: the shiftable tokens, then the ones with their own reduction, at most four. */
    String message(int state, TokenType unexpected) {
        String result = "syntax error: unexpected " + unexpected.display;
        List<TokenType> expected = new ArrayList<>();
        TokenType[] all = TokenType.values();
        for (int t = TokenType.FIRST_EXPECTABLE.ordinal(); t < all.length; t++) {
            if (tables.actions[state][t] > 0) {
                if (expected.size() == MAX_EXPECTED) {
                    return result;
                }
                expected.add(all[t]);
            }
        }
        if (tables.exceptions[state]) {
            for (int t = TokenType.FIRST_EXPECTABLE.ordinal(); t < all.length; t++) {
                if (tables.actions[state][t] < 0) {
                    if (expected.size() == MAX_EXPECTED) {
                        return result;
                    }
                    expected.add(all[t]);
                }
            }
            if (tables.defaults[state] != 0) {
                return result;
            }
        }
        for (int i = 0; i < expected.size(); i++) {
            result += (i == 0 ? ", expecting " : " or ") + expected.get(i).display;
        }
        return result;
    }
}
