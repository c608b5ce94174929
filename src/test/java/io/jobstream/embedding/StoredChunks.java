package io.jobstream.embedding;

import io.jobstream.document.Chunk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;

/**
 * Test data: a completed document of a stored job, with its chunks (no vectors yet), written
 * with SQL as the {@code parse} job type leaves them.
 * {@code StoredChunks.in(context).document(jobId, 0, StoredChunks.pages("text of page 1", "text of page 2"))}.
 */
public final class StoredChunks {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DatabaseClient db;

    private StoredChunks(DatabaseClient db) {
        this.db = db;
    }

    public static StoredChunks in(ApplicationContext context) {
        return new StoredChunks(context.getBean(DatabaseClient.class));
    }

    /** One chunk per text, chunk {@code i} on page {@code i + 1}, under no heading. */
    public static List<Chunk> pages(String... texts) {
        List<Chunk> chunks = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < texts.length; i++) {
            chunks.add(new Chunk(0, i, texts[i], i + 1, i + 1, offset, offset + texts[i].length(), null));
            offset += texts[i].length();
        }
        return chunks;
    }

    /** Document {@code index} of the job, completed, with these chunks (their own document index is ignored). */
    public void document(UUID jobId, int index, List<Chunk> chunks) {
        db.sql("""
                        insert into job_documents (job_id, doc_index, source_kind, source, status, chunk_count, updated_at)
                        values (:job, :index, 'inline', :source, 'completed', :chunks, now())""")
                .bind("job", jobId)
                .bind("index", index)
                .bind("source", "document-" + index + ".txt")
                .bind("chunks", chunks.size())
                .then()
                .block(TIMEOUT);
        for (Chunk chunk : chunks) {
            db.sql("""
                            insert into document_chunks (job_id, document_index, chunk_index, text, page_start, page_end,
                                                         char_start, char_end, heading)
                            values (:job, :document, :chunk, :text, :page_start, :page_end, :char_start, :char_end,
                                    :heading)""")
                    .bind("job", jobId)
                    .bind("document", index)
                    .bind("chunk", chunk.chunkIndex())
                    .bind("text", chunk.text())
                    .bind("page_start", chunk.pageStart())
                    .bind("page_end", chunk.pageEnd())
                    .bind("char_start", chunk.charStart())
                    .bind("char_end", chunk.charEnd())
                    .bind("heading", Parameter.fromOrEmpty(chunk.heading(), String.class))
                    .then()
                    .block(TIMEOUT);
        }
    }

    /** The vectors stored for the job's chunks, in document and chunk order; chunks without one are left out. */
    public List<Float[]> vectors(UUID jobId) {
        return db.sql("""
                        select embedding from document_chunks where job_id = :job and embedding is not null
                        order by document_index, chunk_index""")
                .bind("job", jobId)
                .map(row -> row.get("embedding", Float[].class))
                .all()
                .collectList()
                .block(TIMEOUT);
    }
}
