package io.jobstream.api;

import java.util.UUID;

/** The answer to {@code DELETE /api/history/jobs/{id}}. */
record DeleteResult(String message, UUID jobId) {}
