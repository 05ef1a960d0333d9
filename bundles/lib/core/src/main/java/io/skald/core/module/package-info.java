// SPDX-License-Identifier: Apache-2.0
/** The module lifecycle (dskit's services: New, Starting, Running, Stopping, Terminated, Failed) as a module component runs it, and service registration tagged with the module. */
@Export
@Version("1.0.0")
package io.skald.core.module;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
