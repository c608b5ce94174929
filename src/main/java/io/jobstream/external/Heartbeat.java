package io.jobstream.external;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a worker's heartbeat: the lease renewed until {@code leaseExpiresAt}, or the
 * job cancelled ({@code cancelRequested}, no lease): the worker should stop.
 */
public record Heartbeat(boolean cancelRequested, @Nullable Instant leaseExpiresAt) {}
