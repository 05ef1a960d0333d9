// SPDX-License-Identifier: Apache-2.0
/** Loki's logproto push messages and the {@code logproto.Pusher} gRPC service, generated from {@code push.proto}. */
@Export
@Version("1.0.0")
package io.skald.logproto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
