// SPDX-License-Identifier: Apache-2.0
package io.skald.distributor.internal;

import io.skald.core.model.Entry;
import io.skald.ingester.api.Ingester;
import io.skald.ingester.api.IngesterUnavailableException;
import io.skald.ingester.api.PushResult;
import io.skald.ingester.api.StreamPush;
import io.skald.limits.api.Limits;
import io.skald.limits.api.TenantLimits;
import io.skald.spi.http.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Loki's distributor order: validate every stream, count and rate-limit what is valid, hand it to
 * the ingester that owns it, then answer: 204, or the errors of what was refused (400), or 429 for
 * a limit. Valid streams are kept even when their neighbours are refused.
 *
 * <p>The ingester is looked up per push through {@code ingesters}: in one process that is the local
 * module; this is the seam where a ring will choose among remote ones.
 */
final class Distributor {
    /** An HTTP-shaped answer; the gRPC service maps it to a status. */
    record Outcome(int status, String body) {
        static final Outcome OK = new Outcome(204, "");
    }

    private final TenantLimits limits;
    private final RateLimiter rateLimiter = new RateLimiter();
    private final Supplier<Ingester> ingesters;
    private final DistributorMetrics metrics;

    private final int maxRecvMsgSize;

    Distributor(TenantLimits limits, int maxRecvMsgSize, Supplier<Ingester> ingesters, DistributorMetrics metrics) {
        this.maxRecvMsgSize = maxRecvMsgSize;
        this.limits = limits;
        this.ingesters = ingesters;
        this.metrics = metrics;
    }

    /** The largest push body, compressed or not (distributor.max_recv_msg_size). */
    int maxRecvMsgSize() {
        return maxRecvMsgSize;
    }

    Outcome push(String tenant, List<RawStream> streams) {
        if (Tenant.isMultiple(tenant)) { // a write belongs to one tenant: dskit refuses a|b here
            return new Outcome(400, Tenant.MULTIPLE);
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        Limits tenantLimits = limits.forTenant(tenant);
        Validator validator = new Validator(tenantLimits);
        List<StreamPush> valid = new ArrayList<>(streams.size());
        List<String> errors = new ArrayList<>();
        long validBytes = 0;
        int validLines = 0;
        for (RawStream raw : streams) {
            Validator.Result r = validator.validate(raw, now);
            for (Validator.Discard d : r.discards()) {
                metrics.discard(d.reason(), tenant, d.lines(), d.bytes());
            }
            if (r.error() != null) {
                errors.add(r.error());
            }
            if (r.stream() != null) {
                valid.add(r.stream());
                for (Entry e : r.stream().entries()) {
                    validBytes += e.size();
                }
                validLines += r.stream().entries().size();
            }
        }
        metrics.bytesReceived.labels(tenant).inc(validBytes);
        metrics.linesReceived.labels(tenant).inc(validLines);
        if (valid.isEmpty()) {
            return errors.isEmpty() ? Outcome.OK : new Outcome(400, String.join("\n", errors) + "\n");
        }
        if (!rateLimiter.allow(
                tenant,
                validBytes,
                System.nanoTime(),
                tenantLimits.ingestionRateBytes(),
                tenantLimits.ingestionBurstBytes())) {
            metrics.discard("rate_limited", tenant, validLines, validBytes);
            return new Outcome(
                    429,
                    "Ingestion rate limit exceeded for user " + tenant + " (limit: " + tenantLimits.ingestionRateBytes()
                            + " bytes/sec) while attempting to ingest '" + validLines + "' lines totaling '"
                            + validBytes
                            + "' bytes, reduce log volume or contact your Loki administrator to see if the limit can be increased\n");
        }
        Ingester ingester = ingesters.get();
        if (ingester == null) {
            return new Outcome(503, "no ingester is available to take the push: module ingester is not Running\n");
        }
        PushResult result;
        try {
            result = ingester.push(tenant, valid);
        } catch (IngesterUnavailableException e) {
            return new Outcome(503, e.getMessage() + "\n");
        }
        errors.addAll(result.errors());
        if (errors.isEmpty()) {
            return Outcome.OK;
        }
        return new Outcome(result.limited() ? 429 : 400, String.join("\n", errors) + "\n");
    }
}
