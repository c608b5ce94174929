package io.jobstream.api;

import java.util.List;

/** A page of a job's event log, for clients that poll. */
record EventPage(List<JobEventView> events, long lastSeq, boolean hasMore) {}
