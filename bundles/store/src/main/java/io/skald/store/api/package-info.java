// SPDX-License-Identifier: Apache-2.0
/**
 * The store's contract with the modules that write and read logs: the {@link io.skald.store.api.ChunkStore}
 * service the store module publishes while Running, and the {@link io.skald.store.api.ChunkRef}s its index holds.
 */
@Export
@Version("2.0.0")
package io.skald.store.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
