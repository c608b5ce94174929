package io.jobstream.job;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of a list, with the total over all pages and the cursor to the next one. */
public record JobPage(
        List<Job> jobs,
        long total,
        boolean hasMore,
        @Nullable JobCursor next) {}
