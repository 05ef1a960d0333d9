// SPDX-License-Identifier: Apache-2.0
package io.skald.itest.osgi;

import static org.junit.Assert.assertEquals;

import io.skald.spi.http.Tenant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/** With {@code -auth.enabled=true}, tenant-scoped routes need X-Scope-OrgID; others do not. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TenantIT extends SkaldTestSupport {

    @Override
    protected List<String> extraFlags() {
        return List.of("-auth.enabled=true");
    }

    @Before
    public void running() throws Exception {
        awaitRunning(MODULE_COUNT);
    }

    private HttpResponse<String> whoami(String orgId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/itest/whoami")));
        if (orgId != null) {
            b.header(Tenant.HEADER, orgId);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void tenantScopedRoutesNeedAnOrgId() throws Exception {
        ServiceRegistration<Request.Handler> reg = MiddlewareIT.registerWhoAmI(context);
        try {
            HttpResponse<String> missing = whoami(null);
            assertEquals(401, missing.statusCode());
            assertEquals("no org id\n", missing.body());
            assertEquals("team-a", whoami("team-a").body());
            assertEquals("a|b", whoami("b|a").body()); // several tenants, resolved as dskit does: sorted
            HttpResponse<String> invalid = whoami("a/b");
            assertEquals(400, invalid.statusCode());
            assertEquals("tenant ID 'a/b' contains unsupported character '/'\n", invalid.body());
            assertEquals(200, get("/ready").statusCode()); // not tenant-scoped
            assertEquals(200, get("/metrics").statusCode());
        } finally {
            reg.unregister();
        }
    }
}
