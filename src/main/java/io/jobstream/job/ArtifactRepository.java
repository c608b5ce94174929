package io.jobstream.job;

import io.jobstream.storage.StoredObject;
import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code job_artifacts} rows: where each artifact's bytes are stored (V16). Rows from
 * before V16 hold their bytes in {@code content}; their size and hash are computed on read.
 */
@Repository
class ArtifactRepository {

    private static final String INFO = "name, content_type, coalesce(bytes, length(content)) as bytes,"
            + " coalesce(sha256, encode(sha256(content), 'hex')) as sha256";

    private final DatabaseClient db;

    ArtifactRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Records the stored artifact if the attempt still holds the job. What it replaced, if
     * anything, is in the answer, so that its bytes can be deleted from storage.
     */
    Mono<Kept> keep(Attempt attempt, String name, String contentType, StoredObject stored) {
        return JobSql.held(db.sql("""
                                with replaced as (select storage_key from job_artifacts where job_id = :id and name = :name),
                                kept as (
                                    insert into job_artifacts (job_id, name, content_type, storage_key, bytes, sha256, created_at)
                                    select :id, :name, :type, :key, :bytes, :sha256, now()
                                    where exists (select 1 from jobs where id = :id and status = any(:running) and\s""" + JobSql.HELD + """
                                     for share)
                                    on conflict (job_id, name) do update set content_type = excluded.content_type,
                                        content = null, storage_key = excluded.storage_key, bytes = excluded.bytes,
                                        sha256 = excluded.sha256, created_at = excluded.created_at
                                    returning 1)
                                select exists (select 1 from kept) as kept, (select storage_key from replaced) as replaced"""), attempt)
                .bind("name", name)
                .bind("type", contentType)
                .bind("key", stored.key())
                .bind("bytes", stored.bytes())
                .bind("sha256", stored.sha256())
                .bind("running", Transition.PROGRESS.fromWireNames())
                .map(row -> new Kept(row.get("kept", Boolean.class), row.get("replaced", String.class)))
                .one();
    }

    /** Whether the row was written, and the storage key of the artifact it replaced (null if none, or kept inline). */
    record Kept(boolean kept, @Nullable String replaced) {}

    Flux<ArtifactInfo> list(UUID jobId) {
        return db.sql("select " + INFO + " from job_artifacts where job_id = :job order by name")
                .bind("job", jobId)
                .map(ArtifactRepository::info)
                .all();
    }

    Mono<Row> find(UUID jobId, String name) {
        return db.sql("select " + INFO
                        + ", storage_key, content from job_artifacts where job_id = :job and name = :name")
                .bind("job", jobId)
                .bind("name", name)
                .map(row ->
                        new Row(info(row), row.get("storage_key", String.class), row.get("content", ByteBuffer.class)))
                .one();
    }

    /** An artifact's row: its bytes are in storage under {@code storageKey}, or (before V16) in {@code content}. */
    record Row(
            ArtifactInfo info,
            @Nullable String storageKey,
            @Nullable ByteBuffer content) {}

    private static ArtifactInfo info(Readable row) {
        return new ArtifactInfo(
                row.get("name", String.class),
                row.get("content_type", String.class),
                row.get("bytes", Long.class),
                row.get("sha256", String.class));
    }
}
