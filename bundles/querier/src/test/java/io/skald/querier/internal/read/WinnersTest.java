// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The winners heap against a brute-force sort: same entries, same order, duplicates once. */
class WinnersTest {
    @Test
    void keepsTheBestEntriesOnceInEitherDirection() {
        SplittableRandom random = new SplittableRandom(3);
        Labels stream = Labels.of(Map.of("app", "a"));
        for (int trial = 0; trial < 200; trial++) {
            int limit = 1 + random.nextInt(20);
            boolean forward = random.nextBoolean();
            List<Entry> distinct = new ArrayList<>();
            List<Long> used = new ArrayList<>();
            int n = random.nextInt(60);
            for (int i = 0; i < n; i++) {
                long ts;
                do {
                    ts = random.nextInt(1000);
                } while (used.contains(ts));
                used.add(ts);
                distinct.add(new Entry(ts, ("line " + ts).getBytes(StandardCharsets.UTF_8), List.of()));
            }
            List<Entry> offered = new ArrayList<>(distinct);
            for (int i = 0; i < n / 3; i++) { // the same entry again, as from the ingester and the store
                offered.add(distinct.get(random.nextInt(n)));
            }
            Collections.shuffle(offered, new Random(trial));
            Winners winners = new Winners(limit, forward);
            for (Entry e : offered) {
                if (winners.admits(e.timestampNanos())) {
                    winners.offer(new Winners.Item(stream, stream, e));
                }
            }
            Comparator<Entry> byTime = Comparator.comparingLong(Entry::timestampNanos);
            List<Entry> expected = new ArrayList<>(distinct);
            expected.sort(forward ? byTime : byTime.reversed());
            expected = expected.subList(0, Math.min(limit, expected.size()));
            assertEquals(
                    expected,
                    winners.inOrder().stream().map(Winners.Item::entry).toList(),
                    "trial " + trial);
        }
    }
}
