package io.jobstream.progress;

import java.util.List;

/**
 * Events read from the stream of many jobs, and the horizon of that read: every event of a
 * transaction below it was readable, so nothing can appear before {@code
 * StreamPosition.before(horizon)} any more. {@code beyond} is the newest transaction with
 * matching events that had committed but lay at or above the horizon (0: none), which the
 * reader must wait for.
 */
record StreamPage(List<StreamEvent> events, long horizon, long beyond, boolean full) {}
