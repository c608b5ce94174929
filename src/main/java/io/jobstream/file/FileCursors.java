package io.jobstream.file;

import io.jobstream.job.JobCursor;
import io.jobstream.job.JobSort;
import java.util.UUID;

/**
 * Files page like jobs, by the same opaque cursor ({@link JobCursor}), in one order only:
 * newest first ({@code created_at} descending, then id).
 */
public final class FileCursors {

    private FileCursors() {}

    /** Whether {@code cursor} was issued for a list of files (not of jobs in another order). */
    public static boolean fits(JobCursor cursor) {
        return cursor.sort() == JobSort.CREATED_AT && !cursor.ascending();
    }

    static JobCursor after(UUID id, String createdAtKey) {
        return new JobCursor(JobSort.CREATED_AT, false, createdAtKey, id);
    }
}
