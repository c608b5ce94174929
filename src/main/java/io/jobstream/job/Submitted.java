package io.jobstream.job;

/** The answer to a submission: the job, and whether this request created it (false: an idempotent replay). */
public record Submitted(Job job, boolean created) {}
