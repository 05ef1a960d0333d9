// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.read;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The best {@code limit} entries of a log query so far (newest for backward, oldest for forward),
 * each once: a heap with the worst winner on top, so a query holds O(limit) entries whatever its range.
 */
final class Winners {
    record Item(Labels labels, Labels stream, Entry entry) {}

    private final int limit;
    private final boolean forward;
    private final PriorityQueue<Item> heap; // the worst winner on top
    private final Set<Item> members = new HashSet<>();

    Winners(int limit, boolean forward) {
        this.limit = limit;
        this.forward = forward;
        Comparator<Item> byTime = Comparator.comparingLong(i -> i.entry().timestampNanos());
        this.heap = new PriorityQueue<>(Math.min(limit, 4096) + 1, forward ? byTime.reversed() : byTime);
    }

    /** Whether an entry at {@code ts} could still become a winner. */
    boolean admits(long ts) {
        if (heap.size() < limit) {
            return true;
        }
        long worst = heap.peek().entry().timestampNanos();
        return forward ? ts < worst : ts > worst;
    }

    /** Whether anything in [from, through] could still become a winner. */
    boolean couldAdmit(long from, long through) {
        return admits(forward ? from : through);
    }

    void offer(Item item) {
        if (!members.add(item)) {
            return; // the same entry from the ingester and the store, or a chunk written twice: once
        }
        heap.add(item);
        if (heap.size() > limit) {
            members.remove(heap.poll());
        }
    }

    List<Item> inOrder() {
        List<Item> all = new ArrayList<>(heap);
        Comparator<Item> byTime = Comparator.comparingLong(i -> i.entry().timestampNanos());
        all.sort(forward ? byTime : byTime.reversed());
        return all;
    }
}
