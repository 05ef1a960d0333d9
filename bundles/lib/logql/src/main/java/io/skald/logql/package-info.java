// SPDX-License-Identifier: Apache-2.0
/**
 * LogQL: parsing (with Loki's {@code parse error at line L, col C: …} messages), printing and
 * evaluation of log pipelines (filters, parsers, label filters, formatters) and the metric query AST.
 */
@Export
@Version("2.0.0")
package io.skald.logql;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
