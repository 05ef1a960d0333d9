// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.skald.core.model.Entry;
import java.util.List;

/** A stream as decoded from a push body, before validation: labels still as the client wrote them. */
record RawStream(String labels, List<Entry> entries) {}
