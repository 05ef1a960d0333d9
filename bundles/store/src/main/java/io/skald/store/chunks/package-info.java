// SPDX-License-Identifier: Apache-2.0
/**
 * The chunk and index formats ({@code docs/formats.md}) as a library: building and reading chunks in
 * every encoding, their per-block trigram filters, the daily index objects, and
 * {@link io.skald.store.chunks.ObjectChunkStore}, the {@code ChunkStore} on any object store.
 */
@Export
@Version("1.0.0")
package io.skald.store.chunks;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
