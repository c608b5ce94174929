package io.jobstream.execution;

import io.jobstream.job.Attempt;
import io.jobstream.job.Job;
import io.jobstream.job.JobRuns;
import io.jobstream.job.Progress;
import io.jobstream.jobtype.DocumentCounts;
import io.jobstream.jobtype.StageProgress;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Turns one running stage's reports into the job's progress events. The job's percent is the
 * stage's share of the job: stage 2 of 4 at 50 % is 37 %. Every report is an event row, a
 * notification and perhaps webhooks, so one that comes within {@link #MIN_INTERVAL_NANOS} of
 * the last one written is skipped, unless it changes the document counts: those always land.
 */
final class StageReporter {

    /** Five reports a second: more than a progress bar or a person can use. */
    static final long MIN_INTERVAL_NANOS = 200_000_000L;

    private final JobRuns runs;
    private final Attempt attempt;
    private final String stage;
    private final int stageNumber;
    private final int stageCount;
    // reports of one stage may come from more than one thread: the skip decision is synchronized
    private long lastWritten = System.nanoTime() - MIN_INTERVAL_NANOS;
    private @Nullable DocumentCounts lastCounts;

    StageReporter(JobRuns runs, Attempt attempt, String stage, int stageNumber, int stageCount) {
        this.runs = runs;
        this.attempt = attempt;
        this.stage = stage;
        this.stageNumber = stageNumber;
        this.stageCount = stageCount;
    }

    Mono<Void> report(StageProgress report) {
        return Mono.defer(() -> due(report) ? write(report) : Mono.empty());
    }

    private synchronized boolean due(StageProgress report) {
        long now = System.nanoTime();
        boolean countsChanged =
                report.documents() != null && !report.documents().equals(lastCounts);
        if (!countsChanged && now - lastWritten < MIN_INTERVAL_NANOS) {
            return false;
        }
        lastWritten = now;
        if (report.documents() != null) {
            lastCounts = report.documents();
        }
        return true;
    }

    private Mono<Void> write(StageProgress report) {
        int percent = ((stageNumber - 1) * 100 + report.percent()) / stageCount;
        DocumentCounts counts = report.documents();
        Job.Documents documents = counts == null
                ? new Job.Documents(null, null, null)
                : new Job.Documents(counts.total(), counts.processed(), counts.failed());
        String shown = report.phase() == null ? stage : report.phase();
        return runs.reportProgress(attempt, new Progress(percent, shown, report.message()), documents)
                .filter(kept -> kept)
                .switchIfEmpty(Mono.error(() -> new JobExecutor.JobLostException(attempt)))
                .then();
    }
}
