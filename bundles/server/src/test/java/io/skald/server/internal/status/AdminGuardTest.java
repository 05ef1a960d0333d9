// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AdminGuardTest {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 5000);
    static final InetSocketAddress LOOPBACK6 = new InetSocketAddress("::1", 5000);
    static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.10", 5000);

    @Test
    void loopbackIsAlwaysAllowed() {
        assertNull(AdminGuard.check(LOOPBACK, null, ""));
        assertNull(AdminGuard.check(LOOPBACK6, null, "token"));
    }

    @Test
    void othersNeedTheConfiguredToken() {
        assertEquals(AdminGuard.FORBIDDEN, AdminGuard.check(REMOTE, null, ""));
        assertEquals(
                AdminGuard.FORBIDDEN, AdminGuard.check(REMOTE, "Bearer anything", ""), "no token configured: closed");
        assertEquals(AdminGuard.FORBIDDEN, AdminGuard.check(REMOTE, "Bearer wrong", "right"));
        assertEquals(AdminGuard.FORBIDDEN, AdminGuard.check(REMOTE, "right", "right"), "must be a Bearer token");
        assertNull(AdminGuard.check(REMOTE, "Bearer right", "right"));
    }
}
