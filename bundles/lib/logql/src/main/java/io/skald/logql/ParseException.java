// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

/** A query that is not LogQL; the message reads as Loki's: {@code parse error at line 1, col 7: …}. */
public class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public ParseException(String message) {
        super(message);
    }
}
