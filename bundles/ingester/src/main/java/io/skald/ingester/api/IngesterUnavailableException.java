// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.api;

/** The ingester is stopping or stopped; the push was not kept and may be retried (503). */
public class IngesterUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public IngesterUnavailableException(String message) {
        super(message);
    }
}
