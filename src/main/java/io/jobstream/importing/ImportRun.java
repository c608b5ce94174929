package io.jobstream.importing;

import io.jobstream.file.StoredFile;
import io.jobstream.jobtype.StageContext;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One run of an import: the job, its file and size, the batch its jobs go into (its id is the
 * import job's, so every attempt fills the same batch) and the base of its lines' idempotency
 * keys ({@link #key}).
 *
 * @param keyBase {@code k} and a digest of the import's own idempotency key when it has one
 *     (an import submitted again under that key, after the first was deleted, finds the jobs
 *     the first created), else {@code j} and the import job's id
 */
record ImportRun(
        StageContext context,
        StoredFile file,
        long totalLines,
        String keyBase,
        @Nullable String batchName) {

    UUID batchId() {
        return context.jobId();
    }

    String owner() {
        return context.owner();
    }

    /** The idempotency key of line {@code number} if it has none of its own: at most 60 visible ASCII characters. */
    String key(int number) {
        return "import:" + keyBase + ":" + number;
    }
}
