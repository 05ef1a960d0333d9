// SPDX-License-Identifier: Apache-2.0
package io.skald.spi.module;

/**
 * The names of Skald's modules (exactly what a user types after {@code -target}) and, for each, the
 * reference target that binds only while that module is Running.
 *
 * <pre>{@code
 * @Reference(target = Modules.STORE_RUNNING) Module store
 * }</pre>
 */
public final class Modules {
    public static final String SERVER = "server";
    public static final String METRICS = "metrics";
    public static final String STORE = "store";
    public static final String INGESTER = "ingester";
    public static final String DISTRIBUTOR = "distributor";
    public static final String QUERIER = "querier";
    public static final String QUERY_FRONTEND = "query-frontend";
    public static final String COMPACTOR = "compactor";
    /** Off unless {@code pattern_ingester.enabled}, as in Loki. @since 1.2 */
    public static final String PATTERN_INGESTER = "pattern-ingester";

    private static final String RUNNING = ")(" + Module.STATE + "=Running))";

    public static final String SERVER_RUNNING = "(&(" + Module.NAME + "=" + SERVER + RUNNING;
    public static final String METRICS_RUNNING = "(&(" + Module.NAME + "=" + METRICS + RUNNING;
    public static final String STORE_RUNNING = "(&(" + Module.NAME + "=" + STORE + RUNNING;
    public static final String INGESTER_RUNNING = "(&(" + Module.NAME + "=" + INGESTER + RUNNING;
    public static final String DISTRIBUTOR_RUNNING = "(&(" + Module.NAME + "=" + DISTRIBUTOR + RUNNING;
    public static final String QUERIER_RUNNING = "(&(" + Module.NAME + "=" + QUERIER + RUNNING;
    public static final String QUERY_FRONTEND_RUNNING = "(&(" + Module.NAME + "=" + QUERY_FRONTEND + RUNNING;
    public static final String COMPACTOR_RUNNING = "(&(" + Module.NAME + "=" + COMPACTOR + RUNNING;
    public static final String PATTERN_INGESTER_RUNNING = "(&(" + Module.NAME + "=" + PATTERN_INGESTER + RUNNING;

    /** The filter that matches module {@code name} while it is Running. */
    public static String running(String name) {
        return "(&(" + Module.NAME + "=" + name + RUNNING;
    }

    private Modules() {}
}
