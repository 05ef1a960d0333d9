// SPDX-License-Identifier: Apache-2.0
package io.skald.spi.module;

/**
 * The states of a module, named as dskit names them (and as Loki's {@code /services} prints them).
 *
 * <pre>
 *   New ──▶ Starting ──▶ Running ──▶ Stopping ──▶ Terminated
 *              │            │           │
 *              └────────────┴───────────┴──────▶ Failed
 * </pre>
 *
 * <ul>
 *   <li>{@link #NEW}: configured for this target, waiting for its dependencies to be Running.</li>
 *   <li>{@link #STARTING}: its {@code starting} hook runs; it does no other work yet.</li>
 *   <li>{@link #RUNNING}: started successfully; only now do dependents bind to it.</li>
 *   <li>{@link #STOPPING}: dependents have let go; its {@code stopping} hook runs.</li>
 *   <li>{@link #TERMINATED}: stopped cleanly (or disabled). Final for this activation.</li>
 *   <li>{@link #FAILED}: a hook threw. Final for this activation; only its dependents go down with it.</li>
 * </ul>
 */
public enum State {
    NEW("New"),
    STARTING("Starting"),
    RUNNING("Running"),
    STOPPING("Stopping"),
    TERMINATED("Terminated"),
    FAILED("Failed");

    private final String displayName;

    State(String displayName) {
        this.displayName = displayName;
    }

    /** The name as dskit prints it: {@code Running}, not {@code RUNNING}. */
    @Override
    public String toString() {
        return displayName;
    }

    /** Whether no further transition can happen in this activation. */
    public boolean isFinal() {
        return this == TERMINATED || this == FAILED;
    }

    public static State fromDisplayName(String name) {
        for (State s : values()) {
            if (s.displayName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown module state: " + name);
    }
}
