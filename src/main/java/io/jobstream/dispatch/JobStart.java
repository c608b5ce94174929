package io.jobstream.dispatch;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a start command says: the job to start, and the trace context it continues (the W3C
 * {@code traceparent} stored with the job; null for jobs stored before traces were kept).
 */
public record JobStart(UUID jobId, @Nullable String traceparent) {}
