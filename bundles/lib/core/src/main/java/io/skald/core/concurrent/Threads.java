// SPDX-License-Identifier: Apache-2.0
package io.skald.core.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for Skald's background work: named (they show in thread dumps and JFR) and daemon. */
public final class Threads {
    private Threads() {}

    /**
     * Daemon threads named {@code name}, or {@code name-1}, {@code name-2}, … when the factory makes
     * more than one. Daemon, so a thread a module forgot to stop never keeps the JVM alive; modules
     * still stop their executors when they stop.
     */
    public static ThreadFactory daemon(String name) {
        AtomicInteger made = new AtomicInteger();
        return r -> {
            int n = made.incrementAndGet();
            Thread t = new Thread(r, n == 1 ? name : name + "-" + n);
            t.setDaemon(true);
            return t;
        };
    }
}
