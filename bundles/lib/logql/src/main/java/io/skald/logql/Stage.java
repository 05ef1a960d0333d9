// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

/**
 * One step of a log pipeline after the stream selector: a line filter, a parser, a label filter,
 * a formatter. Stages run in the order written; a stage that cannot read a line keeps it and sets
 * {@code __error__}, as Loki does. {@link #toString()} prints the stage as LogQL ({@code | logfmt}).
 */
public interface Stage {
    String ERROR = "__error__";
    String ERROR_DETAILS = "__error_details__";

    /** Applies the stage to the line; false drops the line. */
    boolean process(LineState line);
}
