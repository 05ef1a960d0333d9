// SPDX-License-Identifier: Apache-2.0
package io.skald.patterningester.internal;

import io.skald.logql.Matcher;
import java.util.List;

/** What the running module offers its route: the tenant's patterns. Published only while it runs. */
public interface PatternQuerier {
    List<PatternSeries> patterns(
            String tenant, List<Matcher> matchers, long fromMillis, long throughMillis, long stepMillis);
}
