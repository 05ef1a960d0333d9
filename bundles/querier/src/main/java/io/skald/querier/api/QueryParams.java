// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.api;

import io.skald.core.go.GoDuration;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** Loki's query parameters: timestamps in any of its three forms, defaults, and its error texts. */
public final class QueryParams {
    /** A parameter Loki would refuse; the message is Loki's text, answered with 400. */
    public static final class BadParam extends Exception {
        private static final long serialVersionUID = 1L;

        BadParam(String message) {
            super(message);
        }
    }

    private final Fields fields;

    public QueryParams(Fields fields) {
        this.fields = fields;
    }

    /**
     * The parameters of a raw query string, decoded as Go's {@code url.ParseQuery} does but leniently:
     * bytes that are not UTF-8 become U+FFFD, so LogQL answers them with Loki's {@code invalid UTF-8
     * encoding} rather than the request failing before it is read; a malformed escape is kept as
     * written. {@code +} is a space. {@code null} gives no parameters.
     *
     * @since 1.1
     */
    public static Fields decodeQuery(String rawQuery) {
        Fields out = new Fields();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = unescape(eq < 0 ? pair : pair.substring(0, eq));
            out.add(name, eq < 0 ? "" : unescape(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String unescape(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
                i++;
            } else if (c == '%'
                    && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] raw = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i += Character.charCount(cp);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8); // malformed input becomes U+FFFD, never an exception
    }

    /**
     * The parameters of a query request: its query string, and for a POST its form body too
     * (Grafana posts its queries). The query string's own Fields are read-only, so both go to a copy.
     *
     * @since 2.1
     */
    public static QueryParams of(Request request) throws Exception {
        Fields fields = decodeQuery(request.getHttpURI().getQuery());
        if ("POST".equals(request.getMethod())) {
            FormFields.getFields(request).forEach(f -> f.getValues().forEach(v -> fields.add(f.getName(), v)));
        }
        return new QueryParams(fields);
    }

    /** The parameters as sent. */
    public Fields fields() {
        return fields;
    }

    /** A copy with {@code name} set to {@code value} (the frontend's split requests). */
    public QueryParams with(String name, String value) {
        Fields copy = new Fields();
        fields.forEach(f -> f.getValues().forEach(v -> copy.add(f.getName(), v)));
        copy.put(name, value);
        return new QueryParams(copy);
    }

    public String get(String name) {
        String v = fields.getValue(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public List<String> all(String name) {
        return fields.getValues(name);
    }

    /** Unix nanoseconds: floats are seconds, integers of up to 10 digits seconds and longer ones nanoseconds, else RFC3339. */
    public static long parseTime(String value) throws DateTimeParseException, NumberFormatException {
        if (value.contains(".") && !value.contains("T")) {
            return new BigDecimal(value).movePointRight(9).longValue();
        }
        if (value.chars().allMatch(c -> Character.isDigit(c) || c == '-')) {
            long n = Long.parseLong(value);
            return value.replace("-", "").length() <= 10 ? n * 1_000_000_000L : n;
        }
        Instant t = Instant.parse(value);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    public long time(String name, long fallback) throws BadParam {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return parseTime(v);
        } catch (RuntimeException e) {
            throw new BadParam(
                    "could not parse '" + name + "' parameter: cannot parse \"" + v + "\" to a valid timestamp");
        }
    }

    /** Loki's {@code start}/{@code end}/{@code since} rules: end defaults to now, start to end minus since (default {@code defaultSince}). */
    public long[] bounds(long nowNanos, long defaultSinceNanos) throws BadParam {
        long end = time("end", nowNanos);
        long since = defaultSinceNanos;
        String s = get("since");
        if (s != null) {
            try {
                since = GoDuration.parse(s).toNanos();
            } catch (IllegalArgumentException e) {
                throw new BadParam("could not parse 'since' parameter: " + e.getMessage());
            }
        }
        long start = time("start", Math.min(end, nowNanos) - since);
        return new long[] {start, end};
    }

    public int limit(int fallback, int max) throws BadParam {
        String v = get("limit");
        if (v == null) {
            return fallback;
        }
        int limit;
        try {
            limit = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadParam("invalid limit: cannot parse \"" + v + "\" as an integer");
        }
        if (limit <= 0) {
            throw new BadParam("limit must be a positive value");
        }
        if (limit > max) {
            throw new BadParam("max entries limit per query exceeded, limit > max_entries_limit_per_query (" + limit
                    + " > " + max + ")");
        }
        return limit;
    }

    /**
     * Loki's {@code limit} of the volume endpoints: the number of series to return (100 when absent
     * or 0), not an entries limit, so {@code max_entries_limit_per_query} does not bound it.
     */
    public int volumeLimit() throws BadParam {
        String v = get("limit");
        if (v == null || v.isEmpty()) {
            return 100;
        }
        long limit;
        try {
            limit = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadParam("invalid limit: cannot parse \"" + v + "\" as an integer");
        }
        if (limit == 0) {
            return 100;
        }
        if (limit < 0) {
            throw new BadParam("limit must be a positive value");
        }
        return (int) Math.min(limit, Integer.MAX_VALUE);
    }

    /** Loki's step: float seconds or a duration; default max(floor((end − start) / 250 s), 1 s); at most 11,000 points. */
    /** Loki's {@code interval} for log queries: entries at least this far apart (0 when absent). */
    public long interval() throws BadParam {
        String v = get("interval");
        if (v == null) {
            return 0;
        }
        try {
            long nanos = v.matches("-?\\d+(\\.\\d+)?")
                    ? new BigDecimal(v).movePointRight(9).longValue()
                    : GoDuration.parse(v).toNanos();
            if (nanos < 0) {
                throw new IllegalArgumentException();
            }
            return nanos;
        } catch (RuntimeException e) {
            throw new BadParam("invalid parameter \"interval\": cannot parse \"" + v + "\" to a valid duration");
        }
    }

    public long step(long start, long end) throws BadParam {
        String v = get("step");
        long step;
        if (v == null) {
            step = Math.max((end - start) / 250 / 1_000_000_000L, 1) * 1_000_000_000L;
        } else {
            try {
                step = v.matches("-?\\d+(\\.\\d+)?")
                        ? new BigDecimal(v).movePointRight(9).longValue()
                        : GoDuration.parse(v).toNanos();
            } catch (RuntimeException e) {
                throw new BadParam("invalid parameter \"step\": cannot parse \"" + v + "\" to a valid duration");
            }
        }
        if (step <= 0) {
            throw new BadParam(
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start) / step > 11_000) {
            throw new BadParam(
                    "exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter");
        }
        return step;
    }

    public boolean forward() throws BadParam {
        String v = get("direction");
        if (v == null || v.equalsIgnoreCase("backward")) {
            return false;
        }
        if (v.equalsIgnoreCase("forward")) {
            return true;
        }
        throw new BadParam("invalid direction '" + v + "'");
    }
}
