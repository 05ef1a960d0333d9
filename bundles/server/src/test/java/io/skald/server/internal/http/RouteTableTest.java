// SPDX-License-Identifier: Apache-2.0
package io.skald.server.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    static final Request.Handler A = (req, res, cb) -> true;
    static final Request.Handler B = (req, res, cb) -> true;
    static final Request.Handler C = (req, res, cb) -> true;

    private static RouteTable.Entry entry(String pattern, Request.Handler h, int ranking, long id) {
        return new RouteTable.Entry(pattern, h, false, ranking, id);
    }

    @Test
    void exactBeatsPatternAndNamedSegmentsAreCaptured() {
        RouteTable table = new RouteTable(List.of(
                entry("/loki/api/v1/label/{name}/values", A, 0, 1),
                entry("/loki/api/v1/label/job/values", B, 0, 2),
                entry("/loki/*", C, 0, 3)));
        RouteTable.Match m = table.match("/loki/api/v1/label/app/values");
        assertSame(A, m.handler());
        assertEquals(Map.of("name", "app"), m.route().pathParams());
        assertEquals("loki_api_v1_label_name_values", m.route().name());
        assertSame(B, table.match("/loki/api/v1/label/job/values").handler());
        assertSame(C, table.match("/loki/anything/else").handler());
        assertNull(table.match("/other"));
        assertSame(C, table.match("/loki/api/v1/label/app/values/extra").handler(), "falls through to the subtree");
    }

    @Test
    void higherRankingWinsAContestedPathThenTheOlderService() {
        RouteTable table = new RouteTable(
                List.of(entry("/x", A, 0, 5), entry("/x", B, 10, 9), entry("/y", A, 0, 1), entry("/y", C, 0, 2)));
        assertSame(B, table.match("/x").handler());
        assertSame(A, table.match("/y").handler());
        assertSame(A, table.without(9).match("/x").handler());
    }

    @Test
    void removingAServiceRemovesAllItsPaths() {
        RouteTable table = RouteTable.EMPTY.with(List.of(entry("/a", A, 0, 7), entry("/b/{id}", A, 0, 7)));
        assertTrue(table.match("/b/1") != null);
        RouteTable after = table.without(7);
        assertNull(after.match("/a"));
        assertNull(after.match("/b/1"));
    }
}
