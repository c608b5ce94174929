package io.jobstream.job;

import java.util.UUID;

/**
 * One claim of a job: the instance that holds it and the attempt number the claim gave it.
 * Every write of a running job names its attempt, so an attempt that lost the job (its lease
 * expired and the job was claimed again, even by the same instance) changes nothing.
 */
public record Attempt(UUID jobId, String worker, int number) {

    /** The attempt a claim just started: {@code job} as {@link JobRuns#claim} returned it. */
    public static Attempt of(Job job, String worker) {
        return new Attempt(job.id(), worker, job.attempts());
    }
}
