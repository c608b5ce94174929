package io.jobstream.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A batch and its jobs ({@code jobCount} as submitted; jobs deleted from history are no
 * longer listed). Its status is derived from the jobs listed: {@code queued} while none has
 * started, {@code processing} while any is active, then {@code failed} if any failed,
 * {@code cancelled} if all were cancelled, else {@code completed}.
 */
public record Batch(UUID id, String owner, @Nullable String name, int jobCount, Instant createdAt, List<Job> jobs) {

    public long count(JobStatus status) {
        return jobs.stream().filter(job -> job.status() == status).count();
    }

    public String status() {
        long active = jobs.stream().filter(job -> !job.status().isTerminal()).count();
        if (active > 0) {
            return active == count(JobStatus.QUEUED) ? "queued" : "processing";
        }
        if (count(JobStatus.FAILED) > 0) {
            return "failed";
        }
        return !jobs.isEmpty() && count(JobStatus.CANCELLED) == jobs.size() ? "cancelled" : "completed";
    }

    /** Whether every job of the batch has finished. */
    public boolean finished() {
        return jobs.stream().allMatch(job -> job.status().isTerminal());
    }

    /** Progress over the batch: the mean of its jobs' percent, finished jobs counting 100. */
    public int percent() {
        if (jobs.isEmpty()) {
            return 100;
        }
        int sum = jobs.stream().mapToInt(job -> job.status().isTerminal() ? 100 : job.progress().percent()).sum();
        return sum / jobs.size();
    }
}
