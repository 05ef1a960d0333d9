// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LALR(1) tables for a {@link Grammar}, built the way yacc (and so goyacc, which generates Loki's
 * parser) builds them, because Loki's error messages depend on the details: shift/reduce conflicts
 * go by precedence and otherwise shift, reduce/reduce conflicts to the earlier production, and each
 * state reduces by its most frequent production whatever the lookahead (its default), so an error
 * shows only in a state that cannot reduce any more. The lookaheads come from propagation between
 * LR(0) kernels (the dragon book's algorithm).
 */
final class ParseTables {
    static final int ERROR = 0;
    static final int ACCEPT = Integer.MIN_VALUE;

    private static final int T = Grammar.TERMINALS;
    private static final int PROPAGATE = T; // the '#' lookahead marker

    final Grammar grammar;
    /** Per state and terminal: shift to s as s + 1, reduce by p as -(p + 1), {@link #ACCEPT}, or 0 for the default. */
    final int[][] actions;
    /** Per state: the default reduction as -(p + 1), or {@link #ERROR}. */
    final int[] defaults;
    /** Per state: whether it has lookahead-dependent reductions besides the default (goyacc's exception table). */
    final boolean[] exceptions;
    /** Per state and nonterminal: the state after it. */
    final int[][] gotos;

    private final List<Grammar.Production> productions;
    private final int[] itemStart; // first item id of each production
    private final int[] itemProduction;
    private final int[] itemDot;
    private final BitSet nullable;
    private final BitSet[] first;
    private final List<int[]> kernels = new ArrayList<>();
    private final List<int[]> transitions = new ArrayList<>(); // per state: symbol -> state, -1 none

    ParseTables(Grammar grammar) {
        this.grammar = grammar;
        this.productions = grammar.productions();
        int items = 0;
        itemStart = new int[productions.size()];
        for (int p = 0; p < productions.size(); p++) {
            itemStart[p] = items;
            items += productions.get(p).rhs().length + 1;
        }
        itemProduction = new int[items];
        itemDot = new int[items];
        for (int p = 0; p < productions.size(); p++) {
            for (int d = 0; d <= productions.get(p).rhs().length; d++) {
                itemProduction[itemStart[p] + d] = p;
                itemDot[itemStart[p] + d] = d;
            }
        }
        nullable = new BitSet();
        first = new BitSet[grammar.symbols()];
        computeFirst();
        buildStates();
        BitSet[][] lookaheads = computeLookaheads();
        int states = kernels.size();
        actions = new int[states][T];
        defaults = new int[states];
        exceptions = new boolean[states];
        gotos = new int[states][];
        for (int s = 0; s < states; s++) {
            fillActions(s, lookaheads[s]);
            gotos[s] = transitions.get(s);
        }
    }

    private int symbolAfterDot(int item) {
        int[] rhs = productions.get(itemProduction[item]).rhs();
        return itemDot[item] < rhs.length ? rhs[itemDot[item]] : -1;
    }

    private void computeFirst() {
        for (int s = 0; s < first.length; s++) {
            first[s] = new BitSet();
            if (s < T) {
                first[s].set(s);
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Grammar.Production p : productions) {
                BitSet into = first[p.lhs()];
                int before = into.cardinality();
                boolean allNullable = true;
                for (int sym : p.rhs()) {
                    into.or(first[sym]);
                    if (!nullable.get(sym)) {
                        allNullable = false;
                        break;
                    }
                }
                if (allNullable && !nullable.get(p.lhs())) {
                    nullable.set(p.lhs());
                    changed = true;
                }
                changed |= into.cardinality() != before;
            }
        }
    }

    private int[] closure0(int[] kernel) {
        BitSet seen = new BitSet();
        Deque<Integer> work = new ArrayDeque<>();
        for (int item : kernel) {
            seen.set(item);
            work.add(item);
        }
        BitSet expanded = new BitSet();
        while (!work.isEmpty()) {
            int sym = symbolAfterDot(work.poll());
            if (sym >= T && !expanded.get(sym)) {
                expanded.set(sym);
                for (int p = 0; p < productions.size(); p++) {
                    if (productions.get(p).lhs() == sym && !seen.get(itemStart[p])) {
                        seen.set(itemStart[p]);
                        work.add(itemStart[p]);
                    }
                }
            }
        }
        return seen.stream().toArray();
    }

    private void buildStates() {
        Map<String, Integer> index = new HashMap<>();
        kernels.add(new int[] {itemStart[0]});
        index.put(Arrays.toString(kernels.get(0)), 0);
        for (int s = 0; s < kernels.size(); s++) {
            Map<Integer, List<Integer>> next = new LinkedHashMap<>();
            for (int item : closure0(kernels.get(s))) {
                int sym = symbolAfterDot(item);
                if (sym >= 0) {
                    next.computeIfAbsent(sym, k -> new ArrayList<>()).add(item + 1);
                }
            }
            int[] row = new int[grammar.symbols()];
            Arrays.fill(row, -1);
            for (Map.Entry<Integer, List<Integer>> e : next.entrySet()) {
                int[] kernel = e.getValue().stream()
                        .mapToInt(Integer::intValue)
                        .sorted()
                        .toArray();
                String key = Arrays.toString(kernel);
                Integer target = index.get(key);
                if (target == null) {
                    target = kernels.size();
                    kernels.add(kernel);
                    index.put(key, target);
                }
                row[e.getKey()] = target;
            }
            transitions.add(row);
        }
    }

    /** LR(1) closure: item -> lookaheads, starting from the given items and their lookaheads. */
    private Map<Integer, BitSet> closure1(Map<Integer, BitSet> start) {
        Map<Integer, BitSet> items = new LinkedHashMap<>();
        Deque<Integer> work = new ArrayDeque<>();
        start.forEach((item, la) -> {
            items.put(item, (BitSet) la.clone());
            work.add(item);
        });
        while (!work.isEmpty()) {
            int item = work.poll();
            int sym = symbolAfterDot(item);
            if (sym < T) {
                continue;
            }
            int[] rhs = productions.get(itemProduction[item]).rhs();
            BitSet la = new BitSet();
            boolean restNullable = true;
            for (int i = itemDot[item] + 1; i < rhs.length && restNullable; i++) {
                la.or(first[rhs[i]]);
                restNullable = nullable.get(rhs[i]);
            }
            if (restNullable) {
                la.or(items.get(item));
            }
            for (int p = 0; p < productions.size(); p++) {
                if (productions.get(p).lhs() != sym) {
                    continue;
                }
                BitSet existing = items.get(itemStart[p]);
                if (existing == null) {
                    items.put(itemStart[p], (BitSet) la.clone());
                    work.add(itemStart[p]);
                } else if (!isSubset(la, existing)) {
                    existing.or(la);
                    work.add(itemStart[p]);
                }
            }
        }
        return items;
    }

    private static boolean isSubset(BitSet a, BitSet b) {
        BitSet c = (BitSet) a.clone();
        c.andNot(b);
        return c.isEmpty();
    }

    private BitSet[][] computeLookaheads() {
        int states = kernels.size();
        BitSet[][] la = new BitSet[states][];
        List<List<int[]>> propagation = new ArrayList<>(); // per (state, kernel index): targets {state, kernel index}
        Map<Long, Integer> propagationIndex = new HashMap<>();
        for (int s = 0; s < states; s++) {
            la[s] = new BitSet[kernels.get(s).length];
            for (int k = 0; k < la[s].length; k++) {
                la[s][k] = new BitSet();
                propagationIndex.put(((long) s << 32) | k, propagation.size());
                propagation.add(new ArrayList<>());
            }
        }
        la[0][0].set(TokenType.END.ordinal());
        for (int s = 0; s < states; s++) {
            int[] kernel = kernels.get(s);
            for (int k = 0; k < kernel.length; k++) {
                BitSet marker = new BitSet();
                marker.set(PROPAGATE);
                Map<Integer, BitSet> closure = closure1(Map.of(kernel[k], marker));
                for (Map.Entry<Integer, BitSet> e : closure.entrySet()) {
                    int sym = symbolAfterDot(e.getKey());
                    if (sym < 0) {
                        continue;
                    }
                    int target = transitions.get(s)[sym];
                    int targetKernel = Arrays.binarySearch(kernels.get(target), e.getKey() + 1);
                    BitSet spontaneous = (BitSet) e.getValue().clone();
                    spontaneous.clear(PROPAGATE);
                    la[target][targetKernel].or(spontaneous);
                    if (e.getValue().get(PROPAGATE)) {
                        propagation
                                .get(propagationIndex.get(((long) s << 32) | k))
                                .add(new int[] {target, targetKernel});
                    }
                }
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int s = 0; s < states; s++) {
                for (int k = 0; k < la[s].length; k++) {
                    for (int[] to : propagation.get(propagationIndex.get(((long) s << 32) | k))) {
                        BitSet target = la[to[0]][to[1]];
                        if (!isSubset(la[s][k], target)) {
                            target.or(la[s][k]);
                            changed = true;
                        }
                    }
                }
            }
        }
        return la;
    }

    private void fillActions(int s, BitSet[] kernelLookaheads) {
        int[] row = actions[s];
        int[] move = transitions.get(s);
        for (int t = 0; t < T; t++) {
            if (move[t] >= 0) {
                row[t] = move[t] + 1;
            }
        }
        Map<Integer, BitSet> start = new LinkedHashMap<>();
        for (int k = 0; k < kernels.get(s).length; k++) {
            start.put(kernels.get(s)[k], kernelLookaheads[k]);
        }
        for (Map.Entry<Integer, BitSet> e : closure1(start).entrySet()) {
            if (symbolAfterDot(e.getKey()) >= 0) {
                continue;
            }
            int p = itemProduction[e.getKey()];
            for (int t = e.getValue().nextSetBit(0);
                    t >= 0 && t < T;
                    t = e.getValue().nextSetBit(t + 1)) {
                if (p == 0) {
                    row[t] = ACCEPT;
                } else if (row[t] == 0) {
                    row[t] = -(p + 1);
                } else if (row[t] < 0 && row[t] != ACCEPT) {
                    row[t] = Math.max(row[t], -(p + 1)); // reduce/reduce: the earlier production
                } else if (row[t] > 0) {
                    row[t] = resolveShiftReduce(p, t, row[t]);
                }
            }
        }
        chooseDefault(s, row);
    }

    private int resolveShiftReduce(int production, int terminal, int shift) {
        int ruleLevel = productions.get(production).precedence();
        int tokenLevel = grammar.level(terminal);
        if (ruleLevel == 0 || tokenLevel == 0 || tokenLevel > ruleLevel) {
            return shift;
        }
        if (tokenLevel < ruleLevel || grammar.assoc(terminal) == Grammar.Assoc.LEFT) {
            return -(production + 1);
        }
        return shift;
    }

    /** goyacc's choice: the reduction that most lookaheads share becomes the default, unless the state shifts {@code error}. */
    private void chooseDefault(int s, int[] row) {
        int best = 0;
        int bestCount = 0;
        for (int t = 0; t < T; t++) {
            if (row[t] >= 0 || row[t] == ACCEPT || row[t] == best) {
                continue;
            }
            int count = 0;
            for (int u = 0; u < T; u++) {
                count += row[u] == row[t] ? 1 : 0;
            }
            if (count > bestCount) {
                best = row[t];
                bestCount = count;
            }
        }
        if (row[TokenType.ERROR.ordinal()] > 0) {
            best = 0;
        }
        for (int t = 0; t < T; t++) {
            if (best != 0 && row[t] == best) {
                row[t] = 0;
            }
            if (row[t] < 0) {
                exceptions[s] = true;
            }
        }
        defaults[s] = best;
    }

    boolean hasShifts(int state) {
        for (int a : actions[state]) {
            if (a > 0) {
                return true;
            }
        }
        return false;
    }
}
