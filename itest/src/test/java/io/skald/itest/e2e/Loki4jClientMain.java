// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.e2e;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs {@code count} lines through Loki4j's logback appender (configured by {@code -Dlogback.configurationFile}),
 * in a JVM of its own; logback's shutdown hook flushes the appender on exit.
 */
public final class Loki4jClientMain {
    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger("loki4j-client");
        int count = Integer.parseInt(args[0]);
        for (int i = 0; i < count; i++) {
            log.info("loki4j line {}", i);
        }
    }

    private Loki4jClientMain() {}
}
