package io.jobstream.api;

import io.jobstream.job.JobStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/jobs/counts}: jobs per status, every status named in lifecycle order, and their sum. */
record StatusCounts(Map<String, Long> counts, long total) {

    static StatusCounts of(Map<JobStatus, Long> byStatus) {
        Map<String, Long> counts = new LinkedHashMap<>();
        long total = 0;
        for (JobStatus status : JobStatus.values()) {
            long jobs = byStatus.getOrDefault(status, 0L);
            counts.put(status.wireName(), jobs);
            total += jobs;
        }
        return new StatusCounts(counts, total);
    }
}
