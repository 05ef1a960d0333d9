// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of {@code GET /loki/api/v1/patterns} as Loki's ParsePatternsQuery reads them:
 * {@code end} defaults to now, {@code start} to an hour ({@code since}) before, {@code step} to a
 * 250th of the range in whole seconds (at least one); errors in Loki's words.
 */
record PatternsRequest(String query, long startNanos, long endNanos, long stepNanos) {
    private static final long SECOND = 1_000_000_000L;
    private static final long DEFAULT_SINCE = 3600 * SECOND;
    private static final Pattern PROMETHEUS_DURATION =
            Pattern.compile("^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600_000, 60_000, 1000, 1
    };

    /** A parameter Loki would refuse; the message is Loki's, answered with 400. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /** Reads one parameter by name, {@code null} or empty when absent. */
    interface Params {
        String get(String name);
    }

    static PatternsRequest parse(Params params, long nowNanos) throws BadRequest {
        String query = orEmpty(params.get("query"));
        long since = DEFAULT_SINCE;
        String sinceText = orEmpty(params.get("since"));
        if (!sinceText.isEmpty()) {
            try {
                since = prometheusDurationMillis(sinceText) * 1_000_000L;
            } catch (IllegalArgumentException e) {
                throw new BadRequest("could not parse 'since' parameter: " + e.getMessage());
            }
        }
        long end = timestamp("end", params.get("end"), nowNanos);
        long start = timestamp("start", params.get("start"), Math.min(end, nowNanos) - since);
        long step = step(orEmpty(params.get("step")), start, end);
        if (step <= 0) {
            throw new BadRequest(
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start) / step > 11_000) {
            throw new BadRequest(
                    "exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter");
        }
        return new PatternsRequest(query, start, end, step);
    }

    /** The start in whole milliseconds, rounded down. */
    long fromMillis() {
        return Math.floorDiv(startNanos, 1_000_000L);
    }

    /** The end in milliseconds, rounded up, so that an entry at {@code end} is inside. */
    long throughMillis() {
        long ms = Math.floorDiv(endNanos, 1_000_000L);
        return Math.floorMod(endNanos, 1_000_000L) != 0 ? ms + 1 : ms;
    }

    long stepMillis() {
        return stepNanos / 1_000_000L;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static long step(String text, long start, long end) throws BadRequest {
        if (text.isEmpty()) {
            double seconds = Math.floor((end - start) / 1e9 / 250);
            return (long) Math.max(seconds, 1) * SECOND;
        }
        try {
            return new BigDecimal(text).movePointRight(9).longValue();
        } catch (NumberFormatException notANumber) {
            try {
                return prometheusDurationMillis(text) * 1_000_000L;
            } catch (IllegalArgumentException e) {
                throw new BadRequest("cannot parse " + quote(text) + " to a valid duration");
            }
        }
    }

    /** Loki's timestamps: float seconds (millisecond precision), integer seconds (≤ 10 digits) or nanoseconds, RFC 3339. */
    static long timestamp(String name, String value, long fallback) throws BadRequest {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (value.contains(".")) {
            try {
                double t = Double.parseDouble(value);
                double seconds = t < 0 ? Math.ceil(t) : Math.floor(t);
                double fraction = Math.round((t - seconds) * 1000) / 1000.0;
                return (long) seconds * SECOND + (long) (fraction * SECOND);
            } catch (NumberFormatException notAFloat) {
                // fall through: Loki then tries an integer, then RFC 3339
            }
        }
        try {
            long n = Long.parseLong(value);
            return value.length() <= 10 ? n * SECOND : n;
        } catch (NumberFormatException notAnInteger) {
            try {
                OffsetDateTime t = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                return t.toEpochSecond() * SECOND + t.getNano();
            } catch (DateTimeParseException notATime) {
                String reason = value.matches("[+-]?\\d+") ? "value out of range" : "invalid syntax";
                throw new BadRequest("could not parse '" + name + "' parameter: strconv.ParseInt: parsing "
                        + quote(value) + ": " + reason);
            }
        }
    }

    /** Prometheus' duration syntax ({@code 1d}, {@code 1h30m}, {@code 500ms}), which Loki's step and since use. */
    static long prometheusDurationMillis(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        if (text.equals("0")) {
            return 0;
        }
        Matcher m = PROMETHEUS_DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: " + quote(text));
        }
        long millis = 0;
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            String n = m.group(i + 1);
            if (n != null) {
                millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(n), UNIT_MILLIS[i]));
            }
        }
        return millis;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
