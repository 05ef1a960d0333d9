// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

/** A push body that cannot be read; {@link #status} is the HTTP answer (400 or 413). */
final class BadPushException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    BadPushException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
