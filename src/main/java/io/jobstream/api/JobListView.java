package io.jobstream.api;

import io.jobstream.job.JobPage;
import io.jobstream.job.JobQuery;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A page of jobs; {@code offset} is null when paging by cursor. */
record JobListView(
        List<JobSummaryView> jobs,
        long total,
        int limit,
        @Nullable Integer offset,
        boolean hasMore,
        @Nullable String nextCursor) {

    static JobListView of(JobQuery query, JobPage page) {
        return new JobListView(
                page.jobs().stream().map(JobSummaryView::of).toList(),
                page.total(),
                query.limit(),
                query.after() == null ? query.offset() : null,
                page.hasMore(),
                page.next() == null ? null : page.next().encode());
    }
}
