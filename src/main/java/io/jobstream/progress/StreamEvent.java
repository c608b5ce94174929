package io.jobstream.progress;

import io.jobstream.job.JobEvent;

/** An event in the stream of many jobs, with its place in that stream. */
public record StreamEvent(JobEvent event, StreamPosition position) {}
