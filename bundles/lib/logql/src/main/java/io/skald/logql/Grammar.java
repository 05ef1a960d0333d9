// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A context-free grammar in yacc's terms: productions with reduce actions, and precedence levels
 * for operator tokens. Symbols are numbered: the terminals are the {@link TokenType} ordinals, the
 * nonterminals follow. Production 0 is the augmented start {@code $accept: start}.
 */
final class Grammar {
    /** What a production makes of the values of its right-hand side. */
    @FunctionalInterface
    interface Action {
        Object reduce(Object[] values) throws ParseException;
    }

    enum Assoc {
        LEFT,
        RIGHT
    }

    /** {@code precedence} is the level of the last operator token in the body (0: none), as yacc assigns it. */
    record Production(int lhs, int[] rhs, Action action, int precedence) {}

    static final int TERMINALS = TokenType.values().length;

    private final List<String> nonterminals = new ArrayList<>();
    private final Map<String, Integer> symbolIds = new HashMap<>();
    private final List<Production> productions = new ArrayList<>();
    private final Map<TokenType, Integer> levels = new EnumMap<>(TokenType.class);
    private final Map<TokenType, Assoc> associativity = new EnumMap<>(TokenType.class);

    Grammar(String start) {
        for (TokenType t : TokenType.values()) {
            symbolIds.put(t.name(), t.ordinal());
        }
        productions.add(new Production(nonterminal("$accept"), new int[] {nonterminal(start)}, v -> v[0], 0));
    }

    /** Declares the next (higher) precedence level, as one {@code %left} or {@code %right} line does. */
    Grammar precedence(Assoc assoc, TokenType... tokens) {
        int level = levels.size() + 1;
        for (TokenType t : tokens) {
            levels.put(t, level);
            associativity.put(t, assoc);
        }
        return this;
    }

    /** Adds {@code lhs: body}; the body names symbols separated by spaces and may be empty. */
    Grammar rule(String lhs, String body, Action action) {
        String[] names = body.isBlank() ? new String[0] : body.trim().split("\\s+");
        int[] rhs = new int[names.length];
        int precedence = 0;
        for (int i = 0; i < names.length; i++) {
            Integer id = symbolIds.get(names[i]);
            rhs[i] = id != null ? id : nonterminal(names[i]);
            if (rhs[i] < TERMINALS) {
                precedence = levels.getOrDefault(TokenType.values()[rhs[i]], precedence);
            }
        }
        productions.add(new Production(nonterminal(lhs), rhs, action, precedence));
        return this;
    }

    /** A body value passed through: {@code $$ = $n}. */
    static Action pass(int index) {
        return v -> v[index];
    }

    private int nonterminal(String name) {
        Integer id = symbolIds.get(name);
        if (id == null) {
            id = TERMINALS + nonterminals.size();
            nonterminals.add(name);
            symbolIds.put(name, id);
        }
        return id;
    }

    List<Production> productions() {
        return productions;
    }

    int symbols() {
        return TERMINALS + nonterminals.size();
    }

    String symbolName(int symbol) {
        return symbol < TERMINALS ? TokenType.values()[symbol].name() : nonterminals.get(symbol - TERMINALS);
    }

    int level(int terminal) {
        return levels.getOrDefault(TokenType.values()[terminal], 0);
    }

    Assoc assoc(int terminal) {
        return associativity.get(TokenType.values()[terminal]);
    }
}
