// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import io.skald.core.model.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One push's entries for one stream, and what the stream decided about each. Applied under the
 * stream's lock by whichever push drains the stream's queue first ({@link MemoryStream#drain}), so
 * the decisions are written here and read by the owning push once {@link #isDone} says so (the
 * volatile flag publishes them).
 */
final class StreamBatch {
    private static final int MAX_RETURNED_ERRORS = 10;
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss.SSSSSSSSS 'Z' 'UTC'")
            .withZone(ZoneOffset.UTC);

    final String tenant;
    final MemoryStream stream;
    final long seq;
    private final List<Entry> entries;
    private final long now;

    final List<Entry> accepted;
    int duplicates;
    /** Loki's text for the entries refused as too far behind, or null when none was. */
    String refusedError;

    private RuntimeException failure;
    private volatile boolean done;

    StreamBatch(String tenant, MemoryStream stream, long seq, List<Entry> entries, long now) {
        this.tenant = tenant;
        this.stream = stream;
        this.seq = seq;
        this.entries = entries;
        this.now = now;
        this.accepted = new ArrayList<>(entries.size());
    }

    boolean isDone() {
        return done;
    }

    /** Decides and applies each entry in order, so a duplicate later in the same batch is caught too. */
    void applyTo(MemoryStream s) {
        try {
            List<String> refused = null;
            int refusedCount = 0;
            for (Entry e : entries) {
                switch (s.check(e)) {
                    case ACCEPTED -> {
                        s.append(e, seq, now);
                        accepted.add(e);
                    }
                    case DUPLICATE -> duplicates++;
                    case TOO_FAR_BEHIND -> {
                        refusedCount++;
                        if (refused == null) {
                            refused = new ArrayList<>();
                        }
                        if (refused.size() < MAX_RETURNED_ERRORS) {
                            refused.add("entry with timestamp " + goTime(e.timestampNanos())
                                    + " ignored, reason: 'entry too far behind, entry timestamp is: "
                                    + rfc3339(e.timestampNanos()) + ", oldest acceptable timestamp is: "
                                    + rfc3339(s.cutoffNanos()) + "',");
                        }
                    }
                }
            }
            if (refused != null) {
                refused.add("user '" + tenant + "', total ignored: " + refusedCount + " out of " + entries.size()
                        + " for stream: " + s.labels);
                refusedError = String.join("\n", refused);
            }
        } catch (IOException e) {
            failure = new UncheckedIOException("building an in-memory chunk failed", e);
        } catch (RuntimeException e) {
            // kept for the owning push: the thread applying it may be another push's
            failure = e;
        } finally {
            done = true;
        }
    }

    /** Throws what applying this batch threw, in the push that owns it. */
    void rethrowFailure() {
        if (failure != null) {
            throw failure;
        }
    }

    /** Go's time.Time.String() in UTC, as Loki's error texts print entry timestamps. */
    static String goTime(long nanos) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        String s = GO_TIME.format(t); // fixed 9 fraction digits; Go trims trailing zeros
        int dot = s.indexOf('.');
        int space = s.indexOf(' ', dot);
        String fraction = s.substring(dot + 1, space).replaceAll("0+$", "");
        return s.substring(0, dot) + (fraction.isEmpty() ? "" : "." + fraction) + " +0000 UTC";
    }

    static String rfc3339(long nanos) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L)));
    }
}
