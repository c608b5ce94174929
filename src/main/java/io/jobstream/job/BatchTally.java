package io.jobstream.job;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's jobs counted by status, with the progress of the active ones: everything its
 * status, counts and progress derive from. Its status is {@code queued} until a job starts,
 * {@code processing} while any job is active, then {@code failed} if any failed,
 * {@code cancelled} if all were cancelled, else {@code completed}.
 *
 * @param counts jobs by status (statuses without jobs left out)
 * @param activePercent the sum of the progress percent of the jobs that have not finished
 */
public record BatchTally(Map<JobStatus, Long> counts, long activePercent) {

    public BatchTally {
        Map<JobStatus, Long> copy = new EnumMap<>(JobStatus.class);
        copy.putAll(counts);
        counts = Collections.unmodifiableMap(copy);
    }

    /** The tally of jobs at hand. */
    public static BatchTally of(List<Job> jobs) {
        return ofGroups(jobs.stream()
                .map(job -> new Group(job.status(), 1, job.progress().percent()))
                .toList());
    }

    /** The tally of jobs counted in groups (a status may have more than one). */
    public static BatchTally ofGroups(List<Group> groups) {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        long activePercent = 0;
        for (Group group : groups) {
            counts.merge(group.status(), group.jobs(), Long::sum);
            activePercent += group.status().isTerminal() ? 0 : group.percent();
        }
        return new BatchTally(counts, activePercent);
    }

    /** {@code jobs} jobs of one status whose progress percents sum to {@code percent}. */
    public record Group(JobStatus status, long jobs, long percent) {}

    public long count(JobStatus status) {
        return counts.getOrDefault(status, 0L);
    }

    /** The jobs counted: those of the batch not deleted from history. */
    public long jobs() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private long active() {
        return counts.entrySet().stream()
                .filter(entry -> !entry.getKey().isTerminal())
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    public String status() {
        long active = active();
        if (active > 0) {
            return (count(JobStatus.QUEUED) == jobs() ? JobStatus.QUEUED : JobStatus.PROCESSING).wireName();
        }
        if (count(JobStatus.FAILED) > 0) {
            return JobStatus.FAILED.wireName();
        }
        return (jobs() > 0 && count(JobStatus.CANCELLED) == jobs() ? JobStatus.CANCELLED : JobStatus.COMPLETED)
                .wireName();
    }

    /** Whether every job of the batch has finished. */
    public boolean finished() {
        return active() == 0;
    }

    /** Progress over the batch: the mean of its jobs' percent, finished jobs counting 100. */
    public int percent() {
        long jobs = jobs();
        if (jobs == 0) {
            return 100;
        }
        return (int) ((100 * (jobs - active()) + activePercent) / jobs);
    }
}
