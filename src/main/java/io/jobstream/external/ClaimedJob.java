package io.jobstream.external;

import io.jobstream.job.CompletedStage;
import io.jobstream.job.Job;
import java.time.Instant;
import java.util.List;

/**
 * A job a worker has just claimed: the job (its payload, its attempt number), the stages
 * earlier attempts completed with their outputs (the worker resumes after the last one), when
 * the lease runs out unless renewed, and the claim token every report on this attempt carries.
 */
public record ClaimedJob(Job job, List<CompletedStage> completedStages, Instant leaseExpiresAt, String claimToken) {}
