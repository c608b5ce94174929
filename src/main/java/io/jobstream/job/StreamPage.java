package io.jobstream.job;

import java.util.List;

/**
 * Events read from the stream of many jobs, and the horizon of that read: every event of a
 * transaction below it was readable, so nothing can appear before {@code
 * StreamPosition.before(horizon)} any more.
 */
public record StreamPage(List<StreamEvent> events, long horizon, boolean full) {}
