// SPDX-License-Identifier: Apache-2.0
/**
 * Loki's per-tenant limits for every module: {@code limits_config} for everyone, overridden per
 * tenant by the runtime overrides file. Modules take the {@link io.skald.limits.api.TenantLimits}
 * service and ask it per request; they never read limits from their own configuration.
 */
@Export
@Version("1.0.0")
package io.skald.limits.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
