// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code | logfmt [--strict] [--keep-empty] [params]}, as Loki's LogfmtParser: every pair becomes a label
 * (sanitised; {@code _extracted} on a clash with the stream; the first of duplicate keys wins), bare keys
 * and empty values only with {@code --keep-empty}, malformed pairs skipped — or, with {@code --strict},
 * the parse stops there with {@code __error__=LogfmtParserErr} and the decoder's message. With hints (only
 * some labels read downstream) keys are compared as bytes and no string is made for the others.
 */
final class LogfmtStage implements Stage {
    private static final String ERROR = "LogfmtParserErr";
    private final boolean strict;
    private final boolean keepEmpty;
    private final List<Parsers.Param> params;
    private final Map<String, String> wanted; // logfmt key → label name, when params are given

    LogfmtStage(boolean strict, boolean keepEmpty, List<Parsers.Param> params) {
        this.strict = strict;
        this.keepEmpty = keepEmpty;
        this.params = List.copyOf(params);
        this.wanted = params.isEmpty() ? null : new LinkedHashMap<>();
        params.forEach(p -> wanted.put(p.expression() == null ? p.name() : p.expression(), p.name()));
    }

    @Override
    public boolean process(LineState state) {
        LogfmtScanner s = state.logfmtScanner();
        byte[] b = state.buffer();
        s.reset(b, state.offset(), state.offset() + state.length());
        Set<String> seen = state.seen;
        seen.clear();
        boolean hinted = state.hinted() && wanted == null;
        int found = 0; // wanted labels found on this line
        while (!s.eol()) {
            if (!s.next()) {
                if (strict && s.error != LogfmtScanner.OK) {
                    state.setError(ERROR, s.errorMessage()); // Loki stops at the first malformed pair
                    return true;
                }
                continue;
            }
            boolean empty = s.valueEnd <= s.valueStart;
            if (empty && !keepEmpty) {
                continue; // bare keys and empty values count only with --keep-empty
            }
            if (hinted && !state.wants(b, s.keyStart, s.keyEnd, s.keyAscii)) {
                continue; // nobody downstream reads this key: no strings made
            }
            String label;
            if (wanted == null) {
                label = s.keyName();
                if (label.isEmpty()) {
                    continue; // a key of Unicode spaces only sanitises to nothing: Loki skips it
                }
            } else {
                // Parameters name keys as they are written in the line, unsanitised.
                String name = wanted.get(new String(b, s.keyStart, s.keyEnd - s.keyStart, StandardCharsets.UTF_8));
                if (name == null) {
                    continue;
                }
                label = Parsers.sanitize(name);
            }
            String value = empty ? "" : LogfmtValues.value(b, s.valueStart, s.valueEnd, s.escaped, wanted != null);
            if (value.isEmpty() && !keepEmpty) {
                continue; // (an invalid value with parameters is dropped to empty)
            }
            int before = seen.size();
            state.putExtracted(label, value, seen);
            if (hinted && seen.size() > before && state.wants(label)) {
                found++;
                if (!strict && found >= state.wantedKeys()) {
                    // Every wanted label is found and the first wins; without --strict nothing later can
                    // add an error either: the rest of the line cannot change the outcome.
                    return true;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("| logfmt");
        if (strict) {
            b.append(" --strict");
        }
        if (keepEmpty) {
            b.append(" --keep-empty");
        }
        if (!params.isEmpty()) {
            b.append(' ').append(Parsers.params(params));
        }
        return b.toString();
    }
}
