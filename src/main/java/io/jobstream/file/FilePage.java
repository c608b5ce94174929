package io.jobstream.file;

import io.jobstream.job.JobCursor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of files, with the total over all pages and the cursor to the next one. */
public record FilePage(
        List<StoredFile> files,
        long total,
        boolean hasMore,
        @Nullable JobCursor next) {}
