package io.jobstream.document;

import io.jobstream.jobtype.DocumentCounts;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code job_documents} and {@code document_chunks} tables. Statuses are bound from
 * {@link DocumentStatus}, never spelled here. Every write is idempotent, because a job's
 * stages may run again (a retry, a resume on another instance).
 */
@Repository
class DocumentRepository {

    private final DatabaseClient db;
    private final JsonMapper json;

    DocumentRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** Adds the job's documents that are not there yet: a second call (a retry) keeps what the first one's work did. */
    Mono<Void> register(UUID jobId, List<DocumentSource> sources) {
        return db.sql("""
                        insert into job_documents (job_id, doc_index, source_kind, source, status, updated_at)
                        select :job, i - 1, s.kind, s.source, :new_status, now()
                        from unnest(:kinds::text[], :sources::text[]) with ordinality as s (kind, source, i)
                        on conflict (job_id, doc_index) do nothing""")
                .bind("job", jobId)
                .bind("kinds", sources.stream().map(s -> s.kind().wireName()).toArray(String[]::new))
                .bind("sources", sources.stream().map(DocumentSource::value).toArray(String[]::new))
                .bind("new_status", DocumentStatus.QUEUED.wireName())
                .then();
    }

    Mono<Void> add(UUID jobId, int index, DocumentSource source) {
        return db.sql("""
                        insert into job_documents (job_id, doc_index, source_kind, source, status, updated_at)
                        values (:job, :index, :kind, :source, :new_status, now())
                        on conflict (job_id, doc_index) do update
                            set source_kind = excluded.source_kind, source = excluded.source, status = excluded.status,
                                error_code = null, error = null, metadata = null, pages = null, chunk_count = null,
                                input_key = null, input_type = null, text_key = null, updated_at = now()""")
                .bind("job", jobId)
                .bind("index", index)
                .bind("kind", source.kind().wireName())
                .bind("source", source.value())
                .bind("new_status", DocumentStatus.QUEUED.wireName())
                .then();
    }

    Flux<JobDocument> all(UUID jobId) {
        return db.sql("select * from job_documents where job_id = :job order by doc_index")
                .bind("job", jobId)
                .map(this::document)
                .all();
    }

    Flux<JobDocument> page(UUID jobId, int offset, int limit) {
        return db.sql("select * from job_documents where job_id = :job order by doc_index limit :limit offset :offset")
                .bind("job", jobId)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(this::document)
                .all();
    }

    Mono<Void> start(UUID jobId, int index) {
        return db.sql(
                        "update job_documents set status = :status, updated_at = now() where job_id = :job and doc_index = :index")
                .bind("status", DocumentStatus.PROCESSING.wireName())
                .bind("job", jobId)
                .bind("index", index)
                .then();
    }

    /** Only a document still {@code processing}: one that ended meanwhile keeps its outcome. */
    Mono<Void> requeue(UUID jobId, int index) {
        return db.sql("""
                        update job_documents set status = :new_status, updated_at = now()
                        where job_id = :job and doc_index = :index and status = :old_status""")
                .bind("new_status", DocumentStatus.QUEUED.wireName())
                .bind("old_status", DocumentStatus.PROCESSING.wireName())
                .bind("job", jobId)
                .bind("index", index)
                .then();
    }

    /** The document's bytes are in storage under {@code inputKey}; {@code metadata} has what is known so far. */
    Mono<Void> staged(UUID jobId, int index, String inputKey, String inputType, JsonNode metadata) {
        return db.sql("""
                        update job_documents set input_key = :key, input_type = :type, metadata = :metadata::jsonb,
                               updated_at = now()
                        where job_id = :job and doc_index = :index""")
                .bind("key", inputKey)
                .bind("type", inputType)
                .bind("metadata", json.writeValueAsString(metadata))
                .bind("job", jobId)
                .bind("index", index)
                .then();
    }

    Mono<Void> chunked(UUID jobId, int index, int chunkCount) {
        return db.sql(
                        "update job_documents set chunk_count = :chunks, updated_at = now() where job_id = :job and doc_index = :index")
                .bind("chunks", chunkCount)
                .bind("job", jobId)
                .bind("index", index)
                .then();
    }

    Mono<Void> complete(UUID jobId, int index, DocumentOutcome outcome) {
        return db.sql("""
                        update job_documents set status = :status, error_code = null, error = null,
                               metadata = :metadata::jsonb, pages = :pages::jsonb, text_key = :text_key,
                               updated_at = now()
                        where job_id = :job and doc_index = :index""")
                .bind("status", DocumentStatus.COMPLETED.wireName())
                .bind("metadata", json.writeValueAsString(outcome.metadata()))
                .bind("pages", json.writeValueAsString(outcome.pages()))
                .bind("text_key", Parameter.fromOrEmpty(outcome.textKey(), String.class))
                .bind("job", jobId)
                .bind("index", index)
                .then();
    }

    Mono<Void> fail(UUID jobId, int index, String errorCode, String error, @Nullable JsonNode metadata) {
        return db.sql("""
                        update job_documents set status = :status, error_code = :code, error = :error,
                               metadata = coalesce(:metadata::jsonb, metadata), updated_at = now()
                        where job_id = :job and doc_index = :index""")
                .bind("status", DocumentStatus.FAILED.wireName())
                .bind("code", errorCode)
                .bind("error", error)
                .bind(
                        "metadata",
                        Parameter.fromOrEmpty(
                                metadata == null ? null : json.writeValueAsString(metadata), String.class))
                .bind("job", jobId)
                .bind("index", index)
                .then();
    }

    Mono<DocumentCounts> counts(UUID jobId) {
        return db.sql("""
                        select count(*)::int as total,
                               (count(*) filter (where status = :completed_status))::int as processed,
                               (count(*) filter (where status = :failed_status))::int as failures
                        from job_documents where job_id = :job""")
                .bind("completed_status", DocumentStatus.COMPLETED.wireName())
                .bind("failed_status", DocumentStatus.FAILED.wireName())
                .bind("job", jobId)
                .map(row -> new DocumentCounts(
                        row.get("total", Integer.class),
                        row.get("processed", Integer.class),
                        row.get("failures", Integer.class)))
                .one();
    }

    /** The document's chunks, replacing those an earlier attempt kept (and their vectors). */
    Mono<Void> saveChunks(UUID jobId, int documentIndex, List<Chunk> chunks) {
        return db.sql("""
                        with saved as (
                            insert into document_chunks (job_id, document_index, chunk_index, text, page_start, page_end,
                                                         char_start, char_end, heading)
                            select :job, :doc, c.* from unnest(:indexes::int[], :texts::text[], :page_starts::int[],
                                   :page_ends::int[], :char_starts::int[], :char_ends::int[], :headings::text[])
                                   as c (chunk_index, text, page_start, page_end, char_start, char_end, heading)
                            on conflict (job_id, document_index, chunk_index) do update
                                set text = excluded.text, page_start = excluded.page_start, page_end = excluded.page_end,
                                    char_start = excluded.char_start, char_end = excluded.char_end,
                                    heading = excluded.heading, embedding = null)
                        delete from document_chunks where job_id = :job and document_index = :doc and chunk_index >= :count""")
                .bind("job", jobId)
                .bind("doc", documentIndex)
                .bind("count", chunks.size())
                .bind("indexes", chunks.stream().map(Chunk::chunkIndex).toArray(Integer[]::new))
                .bind("texts", chunks.stream().map(Chunk::text).toArray(String[]::new))
                .bind("page_starts", chunks.stream().map(Chunk::pageStart).toArray(Integer[]::new))
                .bind("page_ends", chunks.stream().map(Chunk::pageEnd).toArray(Integer[]::new))
                .bind("char_starts", chunks.stream().map(Chunk::charStart).toArray(Integer[]::new))
                .bind("char_ends", chunks.stream().map(Chunk::charEnd).toArray(Integer[]::new))
                .bind("headings", chunks.stream().map(Chunk::heading).toArray(String[]::new))
                .then();
    }

    /** The chunks of the job's documents in order: document, then chunk. */
    Flux<Chunk> chunks(UUID jobId) {
        return db.sql("select * from document_chunks where job_id = :job order by document_index, chunk_index")
                .bind("job", jobId)
                .map(DocumentRepository::chunk)
                .all();
    }

    private static Chunk chunk(Readable row) {
        return new Chunk(
                row.get("document_index", Integer.class),
                row.get("chunk_index", Integer.class),
                row.get("text", String.class),
                row.get("page_start", Integer.class),
                row.get("page_end", Integer.class),
                row.get("char_start", Integer.class),
                row.get("char_end", Integer.class),
                row.get("heading", String.class));
    }

    private JobDocument document(Readable row) {
        return new JobDocument(
                row.get("job_id", UUID.class),
                row.get("doc_index", Integer.class),
                new DocumentSource(
                        DocumentSource.Kind.fromWireName(row.get("source_kind", String.class)),
                        row.get("source", String.class)),
                DocumentStatus.fromWireName(row.get("status", String.class)),
                row.get("error_code", String.class),
                row.get("error", String.class),
                fromJson(row.get("metadata", Json.class)),
                fromJson(row.get("pages", Json.class)),
                row.get("chunk_count", Integer.class),
                row.get("input_key", String.class),
                row.get("input_type", String.class),
                row.get("text_key", String.class),
                row.get("updated_at", Instant.class));
    }

    private @Nullable JsonNode fromJson(@Nullable Json value) {
        return value == null ? null : json.readTree(value.asString());
    }
}
