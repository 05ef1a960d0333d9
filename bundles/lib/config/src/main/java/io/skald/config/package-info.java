// SPDX-License-Identifier: Apache-2.0
/**
 * Skald's configuration as a user writes it: Loki-style flags and one YAML file, resolved into
 * the set of modules a target needs and one ConfigAdmin configuration per module. Pure Java, so
 * the launcher can check a config before it boots the framework.
 */
@Export
@Version("1.0.0")
package io.skald.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
