// SPDX-License-Identifier: Apache-2.0
package io.skald.config;

/** A config the user must fix: the message says what and, for YAML, on which line. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean usage;

    public ConfigException(String message) {
        this(message, false);
    }

    ConfigException(String message, boolean usage) {
        super(message);
        this.usage = usage;
    }

    /** Whether the mistake was in the flags, so the usage text should follow the message. */
    public boolean isUsageError() {
        return usage;
    }
}
