// SPDX-License-Identifier: Apache-2.0
package io.skald.querier.internal;

import io.skald.logql.ParseException;
import io.skald.querier.api.QueryHandler.Answer;
import io.skald.querier.api.QueryParams;
import io.skald.querier.internal.read.MetricEvaluator;
import io.skald.querier.internal.read.Querier;

/**
 * An answer of the query API's other endpoints: a JSON body (200) or Loki's refusal; and the one
 * place that decides which failures are the client's (400 with Loki's text).
 */
public record ApiReply(int status, String body) {
    public static ApiReply json(String body) {
        return new ApiReply(200, body);
    }

    public static ApiReply bad(String message) {
        return new ApiReply(400, message);
    }

    /** Go's stacks grow to a gigabyte; a JVM thread's do not: a query nested thousands deep is refused. */
    public static final String TOO_DEEP = "parse error : query is nested too deeply";

    /**
     * Loki's refusal for a failure that is the request's fault, or null for one that is not (a
     * server error). Line filters Loki compiles when a query runs fail with IllegalArgumentException.
     */
    public static Answer.Refused refusal(Throwable failure) {
        if (failure instanceof ParseException
                || failure instanceof QueryParams.BadParam
                || failure instanceof Querier.TooManySeries
                || failure instanceof Querier.PipelineError
                || failure instanceof MetricEvaluator.EvaluationException
                || failure instanceof IllegalArgumentException) {
            return new Answer.Refused(400, failure.getMessage());
        }
        if (failure instanceof StackOverflowError) {
            return new Answer.Refused(400, TOO_DEEP);
        }
        return null;
    }
}
