// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

import java.util.ArrayList;
import java.util.List;

/**
 * A node of Drain's prefix tree. Children are few (at most {@code maxChildren}, except at the root,
 * which has one per token count), so a list scanned in insertion order is both smaller and faster
 * than a map.
 */
final class PrefixNode {
    private final List<String> keys = new ArrayList<>(1);
    private final List<PrefixNode> children = new ArrayList<>(1);
    /** The clusters that end at this leaf; ids of evicted clusters linger until the next insert or prune here. */
    int[] clusterIds = new int[0];

    PrefixNode child(String key) {
        int i = keys.indexOf(key);
        return i < 0 ? null : children.get(i);
    }

    PrefixNode addChild(String key) {
        PrefixNode node = new PrefixNode();
        keys.add(key);
        children.add(node);
        return node;
    }

    int childCount() {
        return children.size();
    }

    PrefixNode childAt(int i) {
        return children.get(i);
    }

    void removeChildAt(int i) {
        keys.remove(i);
        children.remove(i);
    }

    /** Nodes in this subtree, this one included: for memory checks in tests. */
    int subtreeSize() {
        int n = 1;
        for (PrefixNode c : children) {
            n += c.subtreeSize();
        }
        return n;
    }
}
