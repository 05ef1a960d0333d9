// SPDX-License-Identifier: Apache-2.0
package io.skald.core.model;

/** A label set that does not parse; the message is Loki's {@code line:col: parse error: …}. */
public class LabelsParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public LabelsParseException(String message) {
        super(message);
    }
}
