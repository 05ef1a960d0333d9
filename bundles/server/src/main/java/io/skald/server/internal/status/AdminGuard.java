// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.status;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may switch modules: callers on loopback always; others only with {@code Authorization: Bearer
 * <server.admin_token>}, and never while no token is configured.
 */
final class AdminGuard {
    static final String FORBIDDEN = "admin endpoints answer only loopback clients; "
            + "set server.admin_token and send it as 'Authorization: Bearer <token>' to call them from elsewhere";

    private AdminGuard() {}

    /** {@code null} if allowed, else the reason for a 403. */
    static String check(SocketAddress remote, String authorization, String adminToken) {
        if (remote instanceof InetSocketAddress inet) {
            InetAddress address = inet.getAddress();
            if (address != null && address.isLoopbackAddress()) {
                return null;
            }
        }
        if (adminToken != null
                && !adminToken.isEmpty()
                && authorization != null
                && authorization.startsWith("Bearer ")
                && MessageDigest.isEqual(
                        authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                        adminToken.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return FORBIDDEN;
    }
}
