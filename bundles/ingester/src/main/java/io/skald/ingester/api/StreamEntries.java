// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.api;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import java.util.List;

/** One stream's entries as a query sees them. */
public record StreamEntries(Labels labels, List<Entry> entries) {}
