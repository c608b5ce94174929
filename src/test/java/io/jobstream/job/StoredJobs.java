package io.jobstream.job;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Test data for tests of other packages, written by the store's own statements: demo jobs in
 * the state a test needs, which no worker of the application runs unless the test says so.
 * {@code StoredJobs.in(context).running("alice", 2, "test-worker", Duration.ofHours(1), null)}.
 */
public final class StoredJobs {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SubmissionRepository submissions;
    private final JobRunRepository runs;

    private StoredJobs(SubmissionRepository submissions, JobRunRepository runs) {
        this.submissions = submissions;
        this.runs = runs;
    }

    public static StoredJobs in(ApplicationContext context) {
        return new StoredJobs(context.getBean(SubmissionRepository.class), context.getBean(JobRunRepository.class));
    }

    /** Stored, but its start command never published: the outbox relay has to send it. */
    public Job queuedButNeverPublished(String owner, int stages) {
        return store(NewJobs.demo().owner(owner).stages(stages).build(), false);
    }

    /**
     * Stored and counted as dispatched, though nothing was published: no worker takes it
     * (until {@code redispatch-after}). Its webhook is stored as given, past the submit
     * path's address check.
     */
    public Job queuedAndDispatched(String owner, Webhook webhook) {
        return store(NewJobs.demo().owner(owner).webhook(webhook).build(), true);
    }

    /** Claimed by {@code worker} for {@code lease}, after its queued and started events: the test runs it. */
    public Attempt running(String owner, int stages, String worker, Duration lease, @Nullable Webhook webhook) {
        Job queued = store(
                NewJobs.demo().owner(owner).stages(stages).webhook(webhook).build(), true);
        Job claimed = runs.claimAll(List.of(queued.id()), worker, lease).blockLast(TIMEOUT);
        return Attempt.of(claimed, worker);
    }

    /** The attempt finished stage {@code stageIndex} (from 0) with {@code output}: its progress event and checkpoint. */
    public void stageDone(Attempt attempt, int stageIndex, JsonNode output, Progress progress) {
        runs.recordStages(List.of(new JobRunRepository.StageRecord(attempt, stageIndex, output, progress)))
                .blockLast(TIMEOUT);
    }

    private Job store(NewJob job, boolean dispatched) {
        return submissions.insertAll(List.of(job), dispatched).blockLast(TIMEOUT);
    }
}
