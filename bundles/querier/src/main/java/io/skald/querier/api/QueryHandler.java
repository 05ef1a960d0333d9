// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.api;

import java.io.IOException;

/**
 * Answers Loki's query API requests as the querier's HTTP routes do. The query-frontend splits a
 * request into several and sends each here; a remote querier would sit behind the same interface.
 * A call interrupted (the thread's interrupt flag) stops reading data and throws
 * {@link QueryCancelledException}.
 */
public interface QueryHandler {
    /** Loki's routes this handler answers, by route name: {@code loki_api_v1_query_range}, … */
    String QUERY_RANGE = "loki_api_v1_query_range";
    String QUERY = "loki_api_v1_query";

    /** An answer as the HTTP API sends it. */
    record Answer(int status, String contentType, String body) {
        public static Answer json(String body) {
            return new Answer(200, "application/json; charset=utf-8", body);
        }

        public static Answer bad(String message) {
            return new Answer(400, "text/plain; charset=utf-8", message + "\n");
        }
    }

    /** Loki 3's {@code X-Loki-Response-Encoding-Flags} value that splits labels into stream, metadata and parsed. */
    String CATEGORIZE_LABELS = "categorize-labels";

    /**
     * Answers a request; {@code encodingFlags} are those of the client's
     * {@code X-Loki-Response-Encoding-Flags} header ({@link #CATEGORIZE_LABELS}).
     */
    Answer handle(String tenant, String route, QueryParams params, java.util.Set<String> encodingFlags) throws IOException;

    /** The flags of an {@code X-Loki-Response-Encoding-Flags} header value (comma separated; null: none). */
    static java.util.Set<String> encodingFlags(String header) {
        java.util.Set<String> flags = new java.util.HashSet<>();
        if (header != null) {
            for (String f : header.split(",")) {
                if (!f.isBlank()) {
                    flags.add(f.trim());
                }
            }
        }
        return flags;
    }

    default Answer handle(String tenant, String route, QueryParams params) throws IOException {
        return handle(tenant, route, params, java.util.Set.of());
    }

    /** The query was cancelled (its thread interrupted) before it finished. */
    final class QueryCancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public QueryCancelledException() {
            super("context canceled");
        }
    }
}
