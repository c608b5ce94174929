package io.jobstream.job;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A job to store: what to run, for whom, where it comes from, and where it reports.
 * {@code external}: workers outside this service run it ({@code JobType.external()}), so it
 * is stored undispatched and no start command is published for it. {@code schedule}: when it
 * may start. {@code traceparent}: the trace context of the request or record that submits it.
 */
record NewJob(
        UUID id,
        String owner,
        String type,
        boolean external,
        JsonNode payload,
        String resultType,
        @Nullable UUID originalJobId,
        @Nullable String idempotencyKey,
        @Nullable String requestHash,
        @Nullable Webhook webhook,
        Schedule schedule,
        @Nullable String traceparent) {}
