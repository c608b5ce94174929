package io.jobstream.job;

import static io.jobstream.job.JobStatus.CANCELLED;
import static io.jobstream.job.JobStatus.COMPLETED;
import static io.jobstream.job.JobStatus.FAILED;
import static io.jobstream.job.JobStatus.PROCESSING;
import static io.jobstream.job.JobStatus.QUEUED;
import static io.jobstream.job.JobStatus.RETRYING;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle as data: every change a job may undergo, with the event it appends, the
 * statuses it may start from and the status it leaves. {@link JobStatus#canMoveTo} and every
 * conditional UPDATE of the store are derived from this table, so the code that moves jobs
 * and the lifecycle cannot drift apart. {@code JobStatusTest} holds it against the table
 * written out by hand.
 */
public enum Transition {
    /** A new job is stored; its first event. */
    SUBMIT(EventKind.QUEUED, QUEUED),
    /** A worker claims a waiting job: a new attempt. */
    START(EventKind.STARTED, PROCESSING, QUEUED, RETRYING),
    /** A running job finished a stage; its status stays. */
    PROGRESS(EventKind.PROGRESS, PROCESSING, PROCESSING),
    /** The attempt failed with a retryable error and attempts remain. */
    RETRY(EventKind.RETRYING, RETRYING, PROCESSING),
    /** Its instance died (the lease expired) or is stopping: back to the queue, for any instance. */
    REQUEUE(EventKind.QUEUED, QUEUED, PROCESSING),
    COMPLETE(EventKind.COMPLETED, COMPLETED, PROCESSING),
    FAIL(EventKind.FAILED, FAILED, PROCESSING),
    /** On request, at once for a waiting job, within moments for a running one. */
    CANCEL(EventKind.CANCELLED, CANCELLED, QUEUED, PROCESSING, RETRYING);

    private final EventKind kind;
    private final JobStatus to;
    private final EnumSet<JobStatus> from;

    Transition(EventKind kind, JobStatus to, JobStatus... from) {
        this.kind = kind;
        this.to = to;
        this.from = from.length == 0 ? EnumSet.noneOf(JobStatus.class) : EnumSet.of(from[0], from);
    }

    /** The event this change appends to the job's log. */
    public EventKind kind() {
        return kind;
    }

    public JobStatus to() {
        return to;
    }

    /** The statuses a job may be in for this change; none for {@link #SUBMIT}, which makes the job. */
    public Set<JobStatus> from() {
        return EnumSet.copyOf(from);
    }

    /** {@link #from()} as wire names: the {@code status = any(:from)} of its UPDATE. */
    String[] fromWireNames() {
        return JobStatus.wireNames(from);
    }
}
