// SPDX-License-Identifier: Apache-2.0
package io.skald.spi.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.jetty.server.Request;

/**
 * The tenant of a request, as resolved by the tenant middleware for {@link TenantRequired} routes,
 * and dskit's rules for tenant ids. A resolved tenant is one id, or for a multi-tenant read several
 * joined by {@code |}, sorted and without repeats ({@code b|a|b} resolves to {@code a|b}); a route
 * that serves one tenant only refuses several with {@link #MULTIPLE}.
 */
public final class Tenant {
    /** The request attribute holding the tenant id (a {@code String}). */
    public static final String ATTRIBUTE = "skald.tenant";
    /** The header Loki reads the tenant from. */
    public static final String HEADER = "X-Scope-OrgID";
    /** The tenant of every request while auth is disabled, as in Loki. */
    public static final String DEFAULT = "fake";
    /** Separates the tenants of a multi-tenant read. @since 1.1 */
    public static final char SEPARATOR = '|';
    /** dskit's error for several tenants where one is required. @since 1.1 */
    public static final String MULTIPLE = "multiple org IDs present";
    /** dskit's longest tenant id, in bytes. @since 1.1 */
    public static final int MAX_LENGTH = 150;

    /** The resolved tenant, or {@code null} if the request did not pass the tenant middleware. */
    public static String of(Request request) {
        Object tenant = request.getAttribute(ATTRIBUTE);
        return tenant instanceof String s ? s : null;
    }

    /**
     * Resolves an {@code X-Scope-OrgID} value as dskit does: split at {@code |}, each part's
     * {@code :metadata} suffix dropped, each id checked, then sorted and de-duplicated.
     *
     * @throws IllegalArgumentException with dskit's message when an id is not valid
     * @since 1.1
     */
    public static String resolve(String orgId) {
        TreeSet<String> ids = new TreeSet<>();
        for (String part : orgId.split("\\|", -1)) {
            int colon = part.indexOf(':');
            String id = colon < 0 ? part : part.substring(0, colon);
            String invalid = invalid(id);
            if (invalid != null) {
                throw new IllegalArgumentException(invalid);
            }
            ids.add(id);
        }
        return String.join(String.valueOf(SEPARATOR), ids);
    }

    /** The ids of a resolved tenant: one, or the several of a multi-tenant read. @since 1.1 */
    public static List<String> ids(String tenant) {
        return tenant.indexOf(SEPARATOR) < 0 ? List.of(tenant) : new ArrayList<>(Arrays.asList(tenant.split("\\|")));
    }

    /** Whether a resolved tenant names several tenants. @since 1.1 */
    public static boolean isMultiple(String tenant) {
        return tenant.indexOf(SEPARATOR) >= 0;
    }

    /** dskit's check of one tenant id: its error text, or {@code null} when it is valid. */
    private static String invalid(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!supported(c)) {
                return "tenant ID '" + id + "' contains unsupported character '" + c + "'";
            }
        }
        if (id.length() > MAX_LENGTH) {
            return "tenant ID is too long: max " + MAX_LENGTH + " characters";
        }
        if (id.equals(".") || id.equals("..")) {
            return "tenant ID is '.' or '..'";
        }
        if (id.isEmpty()) {
            return "no org id"; // an empty part, as in "a||b": dskit finds no tenant there
        }
        return null;
    }

    private static boolean supported(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!-_.*'()".indexOf(c) >= 0;
    }

    private Tenant() {}
}
