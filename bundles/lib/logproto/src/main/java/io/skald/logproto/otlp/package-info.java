// SPDX-License-Identifier: Apache-2.0
/** The OTLP logs messages Skald reads, generated from {@code otlp_logs.proto} (OTLP's field numbers). */
@Export
@Version("1.0.0")
package io.skald.logproto.otlp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
