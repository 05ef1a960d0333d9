// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import com.google.re2j.Pattern;
import io.skald.core.go.GoDuration;
import io.skald.logql.Template.Context;
import io.skald.logql.Template.ExecException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Loki's template functions: sprig's names, Go's strings names, and the Go template builtins. */
final class TemplateFunctions {
    static final Set<String> NAMES = Set.of(
            "__line__",
            "__timestamp__",
            "regexReplaceAll",
            "regexReplaceAllLiteral",
            "lower",
            "upper",
            "title",
            "trunc",
            "substr",
            "replace",
            "trim",
            "trimAll",
            "trimSuffix",
            "trimPrefix",
            "alignLeft",
            "alignRight",
            "indent",
            "nindent",
            "repeat",
            "contains",
            "eq",
            "ne",
            "lt",
            "le",
            "gt",
            "ge",
            "hasPrefix",
            "hasSuffix",
            "add",
            "sub",
            "mul",
            "div",
            "mod",
            "addf",
            "subf",
            "mulf",
            "divf",
            "max",
            "min",
            "maxf",
            "minf",
            "ceil",
            "floor",
            "round",
            "int",
            "float64",
            "now",
            "unixEpoch",
            "unixEpochMillis",
            "unixEpochNanos",
            "toDate",
            "unixToTime",
            "default",
            "count",
            "urlencode",
            "urldecode",
            "b64enc",
            "b64dec",
            "bytes",
            "duration",
            "duration_seconds",
            "printf",
            "print",
            "and",
            "or",
            "not",
            "len",
            "ToLower",
            "ToUpper",
            "Replace",
            "Trim",
            "TrimLeft",
            "TrimRight",
            "TrimPrefix",
            "TrimSuffix",
            "TrimSpace",
            "Title");

    private TemplateFunctions() {}

    static Object call(String name, List<Object> a, Context c) throws ExecException {
        try {
            return switch (name) {
                case "__line__" -> c.line();
                case "__timestamp__" -> Instant.ofEpochSecond(0, c.timestampNanos());
                case "lower", "ToLower" -> str(a, 0).toLowerCase(Locale.ROOT);
                case "upper", "ToUpper" -> str(a, 0).toUpperCase(Locale.ROOT);
                case "title", "Title" -> TemplateStrings.title(str(a, 0));
                case "TrimSpace" -> str(a, 0).strip();
                case "trim" -> str(a, 0).strip();
                case "trimAll" -> TemplateStrings.trimChars(str(a, 1), str(a, 0), true, true);
                case "Trim" -> TemplateStrings.trimChars(str(a, 0), str(a, 1), true, true);
                case "TrimLeft" -> TemplateStrings.trimChars(str(a, 0), str(a, 1), true, false);
                case "TrimRight" -> TemplateStrings.trimChars(str(a, 0), str(a, 1), false, true);
                case "trimSuffix" -> TemplateStrings.removeSuffix(str(a, 1), str(a, 0));
                case "TrimSuffix" -> TemplateStrings.removeSuffix(str(a, 0), str(a, 1));
                case "trimPrefix" -> TemplateStrings.removePrefix(str(a, 1), str(a, 0));
                case "TrimPrefix" -> TemplateStrings.removePrefix(str(a, 0), str(a, 1));
                case "replace" -> str(a, 2).replace(str(a, 0), str(a, 1));
                case "Replace" ->
                    TemplateStrings.replaceN(str(a, 0), str(a, 1), str(a, 2), (int) TemplateValues.integer(a.get(3)));
                case "trunc" -> TemplateStrings.trunc(str(a, 1), (int) TemplateValues.integer(a.get(0)));
                case "substr" ->
                    TemplateStrings.substr(
                            str(a, 2), (int) TemplateValues.integer(a.get(0)), (int) TemplateValues.integer(a.get(1)));
                case "alignLeft" -> TemplateStrings.align(str(a, 1), (int) TemplateValues.integer(a.get(0)), true);
                case "alignRight" -> TemplateStrings.align(str(a, 1), (int) TemplateValues.integer(a.get(0)), false);
                case "indent" ->
                    " ".repeat((int) TemplateValues.integer(a.get(0)))
                            + str(a, 1).replace("\n", "\n" + " ".repeat((int) TemplateValues.integer(a.get(0))));
                case "nindent" ->
                    "\n" + " ".repeat((int) TemplateValues.integer(a.get(0)))
                            + str(a, 1).replace("\n", "\n" + " ".repeat((int) TemplateValues.integer(a.get(0))));
                case "repeat" -> str(a, 1).repeat((int) Math.max(0, TemplateValues.integer(a.get(0))));
                case "contains" -> str(a, 1).contains(str(a, 0));
                case "hasPrefix" -> str(a, 1).startsWith(str(a, 0));
                case "hasSuffix" -> str(a, 1).endsWith(str(a, 0));
                case "eq" -> TemplateValues.eq(a);
                case "ne" -> !TemplateValues.eq(a);
                case "lt", "le", "gt", "ge" -> TemplateValues.compare(name, a.get(0), a.get(1));
                case "add" -> TemplateValues.integer(a.get(0)) + TemplateValues.integer(a.get(1));
                case "sub" -> TemplateValues.integer(a.get(0)) - TemplateValues.integer(a.get(1));
                case "mul" -> TemplateValues.integer(a.get(0)) * TemplateValues.integer(a.get(1));
                case "div" -> {
                    long d = TemplateValues.integer(a.get(1));
                    if (d == 0) {
                        throw new ExecException("error calling div: runtime error: integer divide by zero");
                    }
                    yield TemplateValues.integer(a.get(0)) / d;
                }
                case "mod" -> {
                    long d = TemplateValues.integer(a.get(1));
                    if (d == 0) {
                        throw new ExecException("error calling mod: runtime error: integer divide by zero");
                    }
                    yield TemplateValues.integer(a.get(0)) % d;
                }
                case "addf" -> TemplateValues.real(a.get(0)) + TemplateValues.real(a.get(1));
                case "subf" -> TemplateValues.real(a.get(0)) - TemplateValues.real(a.get(1));
                case "mulf" -> TemplateValues.real(a.get(0)) * TemplateValues.real(a.get(1));
                case "divf" -> TemplateValues.real(a.get(0)) / TemplateValues.real(a.get(1));
                case "max" ->
                    a.stream().mapToLong(TemplateValues::integer).max().orElse(0);
                case "min" ->
                    a.stream().mapToLong(TemplateValues::integer).min().orElse(0);
                case "maxf" ->
                    a.stream().mapToDouble(TemplateValues::real).max().orElse(0);
                case "minf" ->
                    a.stream().mapToDouble(TemplateValues::real).min().orElse(0);
                case "ceil" -> Math.ceil(TemplateValues.real(a.get(0)));
                case "floor" -> Math.floor(TemplateValues.real(a.get(0)));
                case "round" -> {
                    double scale = Math.pow(10, a.size() > 1 ? TemplateValues.integer(a.get(1)) : 0);
                    yield Math.round(TemplateValues.real(a.get(0)) * scale) / scale;
                }
                case "int" -> TemplateValues.integer(a.get(0));
                case "float64" -> TemplateValues.real(a.get(0));
                case "now" -> Instant.now();
                case "toDate" ->
                    LocalDate.parse(str(a, 1)).atStartOfDay(ZoneOffset.UTC).toInstant();
                case "unixEpoch" -> TemplateValues.time(a.get(0)).getEpochSecond();
                case "unixEpochMillis" -> TemplateValues.time(a.get(0)).toEpochMilli();
                case "unixEpochNanos" -> {
                    Instant t = TemplateValues.time(a.get(0));
                    yield t.getEpochSecond() * 1_000_000_000L + t.getNano();
                }
                case "unixToTime" -> TemplateValues.unixToTime(str(a, 0));
                case "default" -> a.size() < 2 || !TemplateValues.truth(a.get(1)) ? a.get(0) : a.get(1);
                case "count" -> {
                    com.google.re2j.Matcher m = regex(str(a, 0)).matcher(str(a, 1));
                    long n = 0;
                    while (m.find()) {
                        n++;
                    }
                    yield n;
                }
                case "regexReplaceAll" -> GoRegex.replaceAll(regex(str(a, 0)), str(a, 1), str(a, 2), false);
                case "regexReplaceAllLiteral" -> GoRegex.replaceAll(regex(str(a, 0)), str(a, 1), str(a, 2), true);
                case "urlencode" -> URLEncoder.encode(str(a, 0), StandardCharsets.UTF_8);
                case "urldecode" -> URLDecoder.decode(str(a, 0), StandardCharsets.UTF_8);
                case "b64enc" -> Base64.getEncoder().encodeToString(str(a, 0).getBytes(StandardCharsets.UTF_8));
                case "b64dec" -> new String(Base64.getDecoder().decode(str(a, 0)), StandardCharsets.UTF_8);
                case "bytes" -> (double) Sizes.parseBytes(str(a, 0));
                case "duration", "duration_seconds" ->
                    GoDuration.parse(str(a, 0)).toNanos() / 1e9;
                case "printf" -> TemplateStrings.printf(str(a, 0), a.subList(1, a.size()));
                case "print" -> {
                    StringBuilder b = new StringBuilder();
                    for (Object o : a) {
                        b.append(TemplateValues.print(o));
                    }
                    yield b.toString();
                }
                case "and" -> {
                    Object last = null;
                    for (Object o : a) {
                        last = o;
                        if (!TemplateValues.truth(o)) {
                            break;
                        }
                    }
                    yield last;
                }
                case "or" -> {
                    Object last = null;
                    for (Object o : a) {
                        last = o;
                        if (TemplateValues.truth(o)) {
                            break;
                        }
                    }
                    yield last;
                }
                case "not" -> !TemplateValues.truth(a.get(0));
                case "len" -> (long) TemplateValues.print(a.get(0)).length();
                default -> throw new ExecException("function \"" + name + "\" not defined");
            };
        } catch (IndexOutOfBoundsException e) {
            throw new ExecException("wrong number of args for " + name);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ExecException("error calling " + name + ": " + e.getMessage());
        }
    }

    /** Templates run once per line, with the same few regexes: each is compiled once (up to 256 kept). */
    private static final Map<String, Pattern> REGEXES =
            Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
                    return size() > 256;
                }
            });

    private static Pattern regex(String expression) {
        Pattern p = REGEXES.get(expression);
        if (p == null) {
            p = Pattern.compile(expression);
            REGEXES.put(expression, p);
        }
        return p;
    }

    private static String str(List<Object> a, int i) {
        return TemplateValues.print(a.get(i));
    }
}
