// SPDX-License-Identifier: Apache-2.0
package io.skald.logql;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The stages that rewrite a line or its labels: line_format, label_format, drop, keep, decolorize. */
final class Formatters {
    private Formatters() {}

    /** {@code | line_format "{{.level}}: {{.msg}}"}. */
    static final class LineFormat implements Stage {
        private final Template template;

        LineFormat(Template template) {
            this.template = template;
        }

        @Override
        public boolean process(LineState line) {
            try {
                line.setLine(template.execute(line.labels(), line.text(), line.timestampNanos()));
            } catch (Template.ExecException e) {
                line.setError("TemplateFormatErr", e.getMessage());
            }
            return true;
        }

        @Override
        public String toString() {
            return "| line_format " + LineFilter.quote(template.toString());
        }
    }

    /** One {@code dst=src} (a rename) or {@code dst="{{template}}"} of label_format. */
    record LabelFormatting(String name, String source, Template template) {
        @Override
        public String toString() {
            return name + "=" + (source != null ? source : LineFilter.quote(template.toString()));
        }
    }

    /** {@code | label_format dst=src, other="{{.x}}"}: every template sees the labels as they were before this stage. */
    static final class LabelFormat implements Stage {
        private final List<LabelFormatting> formats;

        LabelFormat(List<LabelFormatting> formats) {
            this.formats = List.copyOf(formats);
        }

        @Override
        public boolean process(LineState line) {
            Map<String, String> before = new HashMap<>(line.labels());
            for (LabelFormatting f : formats) {
                if (f.source() != null) {
                    String v = before.get(f.source());
                    line.labels().remove(f.source());
                    if (v != null) {
                        line.labels().put(f.name(), v);
                    }
                    continue;
                }
                try {
                    line.labels().put(f.name(), f.template().execute(before, line.text(), line.timestampNanos()));
                } catch (Template.ExecException e) {
                    line.setError("TemplateFormatErr", e.getMessage());
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "| label_format "
                    + formats.stream().map(LabelFormatting::toString).collect(Collectors.joining(", "));
        }
    }

    /** A name of drop/keep, alone or with a matcher on its value. */
    record NamedMatcher(String name, Matcher matcher) {
        boolean applies(String value) {
            return matcher == null || matcher.matches(value);
        }

        @Override
        public String toString() {
            return matcher == null ? name : matcher.toString();
        }
    }

    /** {@code | drop level, method="GET"}. */
    static final class Drop implements Stage {
        private final List<NamedMatcher> names;

        Drop(List<NamedMatcher> names) {
            this.names = List.copyOf(names);
        }

        void names(Set<String> into) {
            names.forEach(n -> into.add(n.name()));
        }

        @Override
        public boolean process(LineState line) {
            for (NamedMatcher n : names) {
                String v = line.labels().get(n.name());
                if (v != null && n.applies(v)) {
                    line.labels().remove(n.name());
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "| drop " + names.stream().map(NamedMatcher::toString).collect(Collectors.joining(", "));
        }
    }

    /** {@code | keep level, tenant}: everything else goes, except {@code __error__} and its details. */
    static final class Keep implements Stage {
        private final List<NamedMatcher> names;

        Keep(List<NamedMatcher> names) {
            this.names = List.copyOf(names);
        }

        void names(Set<String> into) {
            names.forEach(n -> into.add(n.name()));
        }

        @Override
        public boolean process(LineState line) {
            List<String> remove = new ArrayList<>();
            for (Map.Entry<String, String> l : line.labels().entrySet()) {
                String name = l.getKey();
                if (name.equals(ERROR) || name.equals(ERROR_DETAILS)) {
                    continue;
                }
                boolean kept = false;
                for (NamedMatcher n : names) {
                    if (n.name().equals(name) && n.applies(l.getValue())) {
                        kept = true;
                        break;
                    }
                }
                if (!kept) {
                    remove.add(name);
                }
            }
            remove.forEach(line.labels()::remove);
            return true;
        }

        @Override
        public String toString() {
            return "| keep " + names.stream().map(NamedMatcher::toString).collect(Collectors.joining(", "));
        }
    }

    /** {@code | decolorize}: ANSI colour and cursor sequences removed. */
    static final class Decolorize implements Stage {
        private static final byte[] ESCAPE = {0x1b};
        private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]");

        @Override
        public boolean process(LineState line) {
            if (LineFilter.contains(line.buffer(), line.offset(), line.length(), ESCAPE)) {
                line.setLine(ANSI.matcher(line.text()).replaceAll(""));
            }
            return true;
        }

        @Override
        public String toString() {
            return "| decolorize";
        }
    }
}
