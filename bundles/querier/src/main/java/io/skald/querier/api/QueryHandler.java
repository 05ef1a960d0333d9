// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.api;

import io.skald.core.query.QueryResult;
import io.skald.core.query.QueryStats;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Answers Loki's {@code query_range} and {@code query} with typed results. The query-frontend
 * splits a request into several, sends each here and merges what comes back; only the HTTP edge
 * writes JSON. A remote querier would sit behind the same interface. A call interrupted (the
 * thread's interrupt flag) stops reading data and throws {@link QueryCancelledException}.
 */
public interface QueryHandler {
    /** Loki's routes this handler answers, by route name. */
    String QUERY_RANGE = "loki_api_v1_query_range";

    String QUERY = "loki_api_v1_query";
    /** The header carrying Loki 3's response encoding flags. */
    String ENCODING_FLAGS_HEADER = "X-Loki-Response-Encoding-Flags";

    /** What a request came to: a result, or Loki's refusal (a status and its text). */
    sealed interface Answer {
        /** A result and what reading it cost. */
        record Success(QueryResult result, QueryStats stats) implements Answer {}

        /** Loki's refusal: {@code status} (400, 499, 504, …) and its message, without a trailing newline. */
        record Refused(int status, String message) implements Answer {}

        static Answer bad(String message) {
            return new Refused(400, message);
        }
    }

    /** Answers a {@link #QUERY_RANGE} or {@link #QUERY} request of {@code tenant}. */
    Answer handle(String tenant, String route, QueryParams params) throws IOException;

    /** The flags of an {@code X-Loki-Response-Encoding-Flags} header value (comma separated; null: none). */
    static Set<String> encodingFlags(String header) {
        Set<String> flags = new HashSet<>();
        if (header != null) {
            for (String f : header.split(",")) {
                if (!f.isBlank()) {
                    flags.add(f.trim());
                }
            }
        }
        return flags;
    }

    /** The query was cancelled (its thread interrupted) before it finished. */
    final class QueryCancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public QueryCancelledException() {
            super("context canceled");
        }
    }
}
