/**
 * The job model, its lifecycle and its store. {@link io.jobstream.job.JobService} is the
 * face for callers (submit, read); {@link io.jobstream.job.JobRuns} is the face for workers
 * (claim, progress, finish). Every change of a job is one SQL statement that updates the
 * row and appends its event, so the row and the log never disagree; the database trigger
 * announces each event with {@code pg_notify} at commit.
 */
@NullMarked
package io.jobstream.job;

import org.jspecify.annotations.NullMarked;
