// SPDX-License-Identifier: Apache-2.0
/**
 * The store's contract with the modules that write and read logs: the chunk and index formats
 * (plain Java, documented in {@code docs/formats.md}) and the {@link io.skald.store.api.ChunkStore}
 * service the store module publishes while Running.
 */
@Export
@Version("1.0.0")
package io.skald.store.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
