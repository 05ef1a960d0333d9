// SPDX-License-Identifier: Apache-2.0
/** Skald's data model: a stream's labels (and Loki's text form of them), a stored log entry. */
@Export
@Version("1.0.0")
package io.skald.core.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
