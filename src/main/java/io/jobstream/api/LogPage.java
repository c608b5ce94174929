package io.jobstream.api;

import io.jobstream.job.LogLine;
import java.util.List;

/** A page of a job's log. */
record LogPage(List<LogLine> logs, long total, int limit, int offset, boolean hasMore) {}
