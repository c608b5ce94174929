package io.jobstream.job;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A job to store: what to run, for whom, where it comes from, and where it reports. */
record NewJob(
        UUID id,
        String owner,
        String type,
        JsonNode payload,
        String resultType,
        @Nullable UUID originalJobId,
        @Nullable String idempotencyKey,
        @Nullable String requestHash,
        @Nullable Webhook webhook) {}
