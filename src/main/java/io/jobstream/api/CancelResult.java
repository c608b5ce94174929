package io.jobstream.api;

import java.util.UUID;

/** The answer to {@code DELETE /api/jobs/{id}}. */
record CancelResult(boolean success, UUID jobId, String status) {}
