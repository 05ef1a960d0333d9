// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal.drain;

import java.util.function.LongSupplier;

/**
 * Loki's brake on streams that never settle into patterns: once more than {@code maxRatio} of the
 * clusters a Drain created were evicted again, it stops training for ten minutes, then starts
 * counting afresh. Without it a stream of unique lines would churn the cluster cache forever.
 */
final class EvictionLimiter {
    static final long BLOCK_MILLIS = 10 * 60 * 1000;

    private final double maxRatio;
    private final LongSupplier clockMillis;
    private long added;
    private long evicted;
    private long blockedUntil; // 0: not blocked

    EvictionLimiter(double maxRatio, LongSupplier clockMillis) {
        this.maxRatio = maxRatio;
        this.clockMillis = clockMillis;
    }

    boolean allow() {
        if (blockedUntil != 0) {
            if (clockMillis.getAsLong() < blockedUntil) {
                return false;
            }
            added = 0;
            evicted = 0;
            blockedUntil = 0;
        }
        if (added == 0) {
            added++;
            return true;
        }
        if ((double) evicted / added > maxRatio) {
            blockedUntil = clockMillis.getAsLong() + BLOCK_MILLIS;
            return false;
        }
        added++;
        return true;
    }

    void evicted() {
        evicted++;
    }
}
