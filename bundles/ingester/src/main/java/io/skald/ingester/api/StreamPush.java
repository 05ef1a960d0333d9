// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.api;

import io.skald.core.model.Entry;
import io.skald.core.model.Labels;
import java.util.List;

/** One stream of a push, validated by the distributor: canonical labels and the entries to append. */
public record StreamPush(Labels labels, List<Entry> entries) {}
