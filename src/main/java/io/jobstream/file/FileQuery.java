package io.jobstream.file;

import io.jobstream.job.JobCursor;
import org.jspecify.annotations.Nullable;

/**
 * A page of a caller's files, newest first: by offset or after a cursor (a {@link JobCursor}
 * of the {@code created_at} order, descending, as jobs are paged).
 */
public record FileQuery(int limit, int offset, @Nullable JobCursor after) {}
