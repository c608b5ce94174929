package io.jobstream.api;

import io.jobstream.job.EventKind;
import io.jobstream.job.Job;
import io.jobstream.job.LogLine;
import io.jobstream.job.Progress;
import io.jobstream.job.Webhook;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A job as the API shows it in detail (snake_case on the wire). {@code traceId}: the
 * OpenTelemetry trace of its submission, worker and webhooks.
 */
record JobView(
        UUID id,
        String owner,
        String type,
        String status,
        ProgressView progress,
        @Nullable String stage,
        JsonNode payload,
        @Nullable JsonNode result,
        @Nullable String resultType,
        @Nullable String error,
        @Nullable String errorCode,
        int retryCount,
        int attempts,
        @Nullable UUID batchId,
        @Nullable UUID originalJobId,
        @Nullable Integer totalDocuments,
        @Nullable Integer processedCount,
        @Nullable Integer failedCount,
        List<LogLine> logs,
        Instant createdAt,
        Instant updatedAt,
        Instant runAt,
        @Nullable Instant startedAt,
        @Nullable Instant completedAt,
        @Nullable WebhookView webhook,
        @Nullable String traceId) {

    /** How many of the newest log lines the detail carries; {@code /logs} has them all. */
    static final int LOG_LINES = 20;

    static JobView of(Job job, List<LogLine> logs) {
        return new JobView(
                job.id(),
                job.owner(),
                job.type(),
                job.status().wireName(),
                ProgressView.of(job.progress()),
                job.progress().stage(),
                job.payload(),
                job.result(),
                job.resultType(),
                job.error(),
                job.errorCode(),
                job.retryCount(),
                job.attempts(),
                job.batchId(),
                job.originalJobId(),
                job.documents().total(),
                job.documents().processed(),
                job.documents().failed(),
                logs,
                job.createdAt(),
                job.updatedAt(),
                job.runAt(),
                job.startedAt(),
                job.completedAt(),
                WebhookView.of(job.webhook()),
                job.traceId());
    }

    /** Where the job reports; whether a token is set, never the token. */
    record WebhookView(
            String url, List<String> events, @Nullable String clientJobId, boolean tokenSet) {
        static @Nullable WebhookView of(@Nullable Webhook webhook) {
            return webhook == null
                    ? null
                    : new WebhookView(
                            webhook.url().toString(),
                            webhook.events().stream().map(EventKind::wireName).toList(),
                            webhook.clientJobId(),
                            webhook.token() != null);
        }
    }

    record ProgressView(
            int percent, @Nullable String stage, @Nullable String message) {
        static ProgressView of(Progress progress) {
            return new ProgressView(progress.percent(), progress.stage(), progress.message());
        }
    }
}
