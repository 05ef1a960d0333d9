// SPDX-License-Identifier: Apache-2.0
package io.skald.bench;

/** The push load alone, against a server started by hand (e.g. one under a profiler): {@code url threads seconds}. */
public final class PushLoadMain {
    public static void main(String[] args) throws Exception {
        PushLoad.Result r = PushLoad.run(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        System.out.printf("%.0f lines/s, %.1f MB/s, errors %d%n", r.linesPerSecond(), r.mbPerSecond(), r.errors());
    }

    private PushLoadMain() {}
}
