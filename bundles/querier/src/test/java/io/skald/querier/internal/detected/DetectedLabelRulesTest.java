// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal.detected;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loki's rules for the labels detected_labels offers, case by case. */
class DetectedLabelRulesTest {
    @ParameterizedTest(name = "{0} = [{1}] offered: {2}")
    @CsvSource(
            delimiter = ';',
            value = {
                "app;api web;true",
                "app;api;true",
                "app;;false",
                "pid;123 456 789;false",
                "latency;1.5 2e3 -0.25;false",
                "trace;0e1f2d3c-1111-4222-8333-444455556666 9b2c3d4e-aaaa-4bbb-8ccc-ddddeeeeffff;false",
                "trace;0e1f2d3c111142228333444455556666;false",
                "mixed;123 api;true",
                "enabled;0 1;true",
                "enabled;1;true",
                "flags;0 1 2;false",
                "pod;123 456;true",
                "namespace;7;true",
                "pod;;false",
                "ratio;Inf NaN;false",
                "ver;v1 v2;true"
            })
    void offered(String label, String values, boolean expected) {
        List<String> list = values == null ? List.of() : Arrays.asList(values.split(" "));
        assertEquals(expected, DetectedLabelRules.offered(label, list));
    }
}
