// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-tenant token buckets over validated bytes, Loki's {@code local} strategy (with one distributor
 * it equals {@code global}): {@code rate} bytes per second, at most {@code burst} at once.
 */
final class RateLimiter {
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    /**
     * Takes {@code bytes} from the tenant's bucket if they are there; otherwise takes nothing. The
     * tenant's rate and burst are passed each time, so an overrides reload applies at once.
     */
    boolean allow(String tenant, long bytes, long nowNanos, double rate, double burst) {
        if (rate <= 0) {
            return true;
        }
        Bucket b = buckets.computeIfAbsent(tenant, t -> new Bucket(burst, nowNanos));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (nowNanos - b.last) / 1e9 * rate);
            b.last = nowNanos;
            if (bytes > b.tokens) {
                return false;
            }
            b.tokens -= bytes;
            return true;
        }
    }
}
