// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The Drain log-template miner (He et al., ICWS 2017) with Loki's changes: a line's tokens route it
 * through a fixed-depth prefix tree (first by token count, then by its leading tokens) to a leaf
 * whose clusters are compared token by token; the most similar above the threshold absorbs the line
 * (differing tokens become the placeholder), otherwise the line starts a new cluster. Clusters live
 * in an LRU of {@code maxClusters}; an {@link EvictionLimiter} pauses streams that only churn it.
 *
 * <p>Not thread-safe: one Drain per stream and level, used under the stream's lock.
 */
public final class Drain {
    private static final int MIN_TOKENS = 4;
    private static final int MAX_TOKENS = 80;

    private final DrainConfig config;
    private final LineTokenizer tokenizer;
    private final DrainMetrics metrics;
    private final EvictionLimiter limiter;
    private final ClusterCache clusters;
    private final PrefixNode root = new PrefixNode();
    private int lastId;
    private boolean pruning;

    public Drain(DrainConfig config, LineFormat format, DrainMetrics metrics, LongSupplier clockMillis) {
        this.config = config;
        this.metrics = metrics;
        this.tokenizer = switch (format) {
            case JSON -> new JsonTokenizer(config.placeholder(), config.maxLineLength(), config.jsonFields());
            case LOGFMT -> new LogfmtTokenizer(config.placeholder(), config.maxLineLength());
            case UNKNOWN -> new PunctuationTokenizer(config.maxLineLength());
        };
        this.limiter = new EvictionLimiter(config.maxEvictionRatio(), clockMillis);
        this.clusters = new ClusterCache(config.maxClusters(), this::removed);
    }

    private void removed(LogCluster cluster) {
        metrics.patternRemoved(pruning);
        if (!pruning) {
            limiter.evicted();
        }
    }

    /** The clusters, least recently used first. */
    public List<LogCluster> clusters() {
        return clusters.values();
    }

    /**
     * Mines one line ({@code bytes} long as received) seen at {@code timestampMillis}; returns its
     * cluster, or {@code null} when the line was skipped (paused stream, too long, too few or too
     * many tokens, not of the stream's format).
     */
    public LogCluster train(String line, long bytes, long timestampMillis) {
        if (!limiter.allow()) {
            return null;
        }
        Tokens split = tokenizer.tokenize(line);
        if (split == null) {
            return null;
        }
        if (split == Tokens.TOO_LONG) {
            metrics.lineSkipped(DrainMetrics.LINE_TOO_LONG);
            return null;
        }
        String[] tokens = split.tokens();
        if (tokens.length < MIN_TOKENS) {
            metrics.lineSkipped(DrainMetrics.TOO_FEW_TOKENS);
            return null;
        }
        if (tokens.length > MAX_TOKENS) {
            metrics.lineSkipped(DrainMetrics.TOO_MANY_TOKENS);
            return null;
        }
        metrics.tokenized(tokens.length, split.spacesAfter() == null ? 0 : split.spacesAfter().length);
        LogCluster match = treeSearch(tokens);
        if (match == null) {
            match = new LogCluster(++lastId, tokens, split.spacesAfter(), this::print);
            match.count(timestampMillis, bytes, config);
            clusters.put(match);
            addToPrefixTree(match);
            metrics.patternDetected();
        } else {
            match.merge(tokens, config.placeholder());
            match.count(timestampMillis, bytes, config);
            clusters.get(match.id()); // a use: keeps busy clusters away from eviction
        }
        return match;
    }

    private String print(String[] tokens, int[] spacesAfter) {
        return collapsePlaceholders(tokenizer.join(tokens, spacesAfter), config.placeholder());
    }

    /** Runs of placeholders print as one: {@code <_><_><_>} → {@code <_>}. */
    static String collapsePlaceholders(String pattern, String placeholder) {
        String twice = placeholder + placeholder;
        int first = pattern.indexOf(twice);
        if (first < 0) {
            return pattern;
        }
        int width = placeholder.length();
        StringBuilder b = new StringBuilder(pattern.length());
        b.append(pattern, 0, first);
        int i = first;
        while (i < pattern.length()) {
            if (pattern.startsWith(placeholder, i)) {
                b.append(placeholder);
                i += width;
                while (pattern.startsWith(placeholder, i)) {
                    i += width;
                }
            } else {
                b.append(pattern.charAt(i++));
            }
        }
        return b.toString();
    }

    private LogCluster treeSearch(String[] tokens) {
        PrefixNode node = root.child(Integer.toString(tokens.length));
        if (node == null) {
            return null;
        }
        int depth = 1;
        for (String token : tokens) {
            if (depth >= config.maxNodeDepth() || depth == tokens.length) {
                break;
            }
            PrefixNode next = node.child(token);
            if (next == null) {
                next = node.child(config.placeholder());
            }
            if (next == null) {
                return null;
            }
            node = next;
            depth++;
        }
        return fastMatch(node.clusterIds, tokens);
    }

    /** The most similar cluster of a leaf, ties going to the one with more placeholders; none below the threshold. */
    private LogCluster fastMatch(int[] ids, String[] tokens) {
        LogCluster best = null;
        double bestSimilarity = -1;
        int bestParams = -1;
        for (int id : ids) {
            LogCluster cluster = clusters.get(id);
            if (cluster == null) {
                continue;
            }
            String[] template = cluster.tokens();
            int same = 0;
            int params = 0;
            boolean excluded = false;
            for (int i = 0; i < template.length; i++) {
                String t = template[i];
                // A token starting with NUL must match exactly (Loki's marker for fixed tokens).
                if (!t.isEmpty() && t.charAt(0) == 0 && !t.equals(tokens[i])) {
                    excluded = true;
                    break;
                }
                if (t.equals(config.placeholder())) {
                    params++;
                } else if (t.equals(tokens[i])) {
                    same++;
                }
            }
            if (excluded) {
                continue;
            }
            double similarity = (double) same / template.length;
            if (similarity > bestSimilarity || (similarity == bestSimilarity && params > bestParams)) {
                bestSimilarity = similarity;
                bestParams = params;
                best = cluster;
            }
        }
        return bestSimilarity >= config.similarityThreshold() ? best : null;
    }

    private void addToPrefixTree(LogCluster cluster) {
        String[] tokens = cluster.tokens();
        String count = Integer.toString(tokens.length);
        PrefixNode node = root.child(count);
        if (node == null) {
            node = root.addChild(count);
        }
        int depth = 1;
        for (String token : tokens) {
            if (depth >= config.maxNodeDepth() || depth >= tokens.length) {
                node.clusterIds = withLiveIds(node.clusterIds, cluster.id());
                break;
            }
            PrefixNode next = node.child(token);
            if (next == null) {
                next = childForNewToken(node, token);
            }
            node = next;
            depth++;
        }
    }

    /**
     * Where a token the node has not seen goes: tokens with digits, and any token once the node is
     * full, share the placeholder child; others get a child of their own while there is room.
     */
    private PrefixNode childForNewToken(PrefixNode node, String token) {
        String placeholder = config.placeholder();
        PrefixNode wildcard = node.child(placeholder);
        if (hasDigits(token)) {
            return wildcard != null ? wildcard : node.addChild(placeholder);
        }
        if (wildcard != null) {
            return node.childCount() < config.maxChildren() ? node.addChild(token) : wildcard;
        }
        if (node.childCount() + 1 < config.maxChildren()) {
            return node.addChild(token);
        }
        if (node.childCount() + 1 == config.maxChildren()) {
            return node.addChild(placeholder);
        }
        return node.addChild(placeholder); // unreachable: a node fills up only by way of its placeholder child
    }

    /** The leaf's ids without those of evicted clusters, plus {@code id}. */
    private int[] withLiveIds(int[] ids, int id) {
        int[] out = new int[ids.length + 1];
        int n = 0;
        for (int existing : ids) {
            if (clusters.get(existing) != null) {
                out[n++] = existing;
            }
        }
        out[n++] = id;
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static boolean hasDigits(String token) {
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.DECIMAL_DIGIT_NUMBER
                    || type == Character.LETTER_NUMBER
                    || type == Character.OTHER_NUMBER) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /** Removes a cluster whose samples all expired (counted as pruned, not as an eviction). */
    public void delete(LogCluster cluster) {
        pruning = true;
        try {
            clusters.remove(cluster);
        } finally {
            pruning = false;
        }
    }

    /** Drops the tree branches that lead to no live cluster any more. */
    public void pruneTree() {
        prune(root);
    }

    private int prune(PrefixNode node) {
        for (int i = 0; i < node.childCount(); ) {
            if (prune(node.childAt(i)) == 0) {
                node.removeChildAt(i);
            } else {
                i++;
            }
        }
        int live = 0;
        for (int id : node.clusterIds) {
            if (clusters.get(id) != null) {
                live++;
            }
        }
        return node.childCount() + live;
    }

    /** Nodes of the prefix tree, for memory checks. */
    int treeSize() {
        return root.subtreeSize();
    }
}
