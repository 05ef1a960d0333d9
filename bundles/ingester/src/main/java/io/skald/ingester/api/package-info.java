// SPDX-License-Identifier: Apache-2.0
/**
 * What the ingester offers the distributor (in this process now; across the network once a ring
 * routes streams to other instances): push validated streams, durable when the call returns.
 */
@Export
@Version("1.3.0")
package io.skald.ingester.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
