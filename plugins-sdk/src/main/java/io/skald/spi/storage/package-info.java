// SPDX-License-Identifier: Apache-2.0
/**
 * The object-store extension point: where chunks and index files live. Skald ships a filesystem
 * implementation; a plugin bundle registers another {@link io.skald.spi.storage.ObjectStore} with a
 * higher service ranking (S3, GCS, …) and the store module uses it instead, live.
 */
@Export
@Version("1.0.0")
package io.skald.spi.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
