// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.detected;

import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which stream labels Loki's {@code detected_labels} offers (Logs Drilldown's label picker): a label
 * is left out when it has no values or when every value is an id — a number (as Go's ParseFloat
 * reads one) or a UUID — except up to two values that are all {@code 0}/{@code 1} (a boolean).
 * The static labels {@code cluster}, {@code namespace}, {@code instance} and {@code pod} are always
 * offered when they have values.
 */
final class DetectedLabelRules {
    static final Set<String> STATIC = Set.of("cluster", "namespace", "instance", "pod");

    private static final Pattern GO_FLOAT = Pattern.compile("[+-]?(?:(?i:inf|infinity|nan)"
            + "|(?:[0-9](?:_?[0-9])*(?:\\.(?:[0-9](?:_?[0-9])*)?)?|\\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?"
            + "|0[xX](?:_?[0-9a-fA-F])*(?:\\.[0-9a-fA-F]*)?(?:[pP][+-]?[0-9]+))");
    private static final Pattern UUID =
            Pattern.compile("(?i:(?:urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                    + "|\\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}|[0-9a-f]{32})");

    private DetectedLabelRules() {}

    static boolean offered(String label, Collection<String> values) {
        if (values.isEmpty()) {
            return false;
        }
        if (STATIC.contains(label)) {
            return true;
        }
        if (values.size() <= 2 && values.stream().allMatch(v -> v.equals("0") || v.equals("1"))) {
            return true;
        }
        return !values.stream().allMatch(DetectedLabelRules::isId);
    }

    static boolean isId(String value) {
        return GO_FLOAT.matcher(value).matches() || UUID.matcher(value).matches();
    }
}
