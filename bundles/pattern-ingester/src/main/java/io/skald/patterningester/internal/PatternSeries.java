// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

/**
 * One pattern of one level as the patterns API returns it.
 *
 * @param timestampsMillis bucket starts, ascending
 * @param counts           lines per bucket
 * @param total            the sum of {@code counts}, by which patterns are ranked
 */
public record PatternSeries(String pattern, String level, long[] timestampsMillis, long[] counts, long total) {}
