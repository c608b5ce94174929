package io.jobstream.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jobstream.document.DocumentSource.Kind;
import io.jobstream.job.Job;
import io.jobstream.job.StoredJobs;
import io.jobstream.jobtype.DocumentCounts;
import io.jobstream.support.StoreTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.node.JsonNodeFactory;

/** The documents of a job against real PostgreSQL: what a retried job finds again, and its counts. */
@StoreTest
class JobDocumentsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Autowired
    JobDocuments documents;

    @Autowired
    ApplicationContext context;

    private UUID job;

    @BeforeEach
    void aJob() {
        Job stored = StoredJobs.in(context).queuedButNeverPublished("documents-test", 1);
        job = stored.id();
    }

    private static List<DocumentSource> threeSources() {
        return List.of(
                new DocumentSource(Kind.FILE, UUID.randomUUID().toString()),
                new DocumentSource(Kind.URL, "https://example.com/a.pdf"),
                new DocumentSource(Kind.INLINE, "notes.txt"));
    }

    @Test
    void aSecondRegistrationKeepsWhatTheFirstAttemptsWorkDid() {
        documents.register(job, threeSources()).block(TIMEOUT);
        documents.start(job, 0).block(TIMEOUT);
        documents.complete(job, 0, outcome()).block(TIMEOUT);
        documents.chunked(job, 0, 2).block(TIMEOUT);
        documents.fail(job, 1, "PARSE_ERROR", "a.pdf is encrypted", null).block(TIMEOUT);

        documents.register(job, threeSources()).block(TIMEOUT);

        List<JobDocument> all = documents.all(job).collectList().block(TIMEOUT);
        assertThat(all)
                .extracting(JobDocument::index, JobDocument::status, JobDocument::errorCode)
                .containsExactly(
                        tuple(0, DocumentStatus.COMPLETED, null),
                        tuple(1, DocumentStatus.FAILED, "PARSE_ERROR"),
                        tuple(2, DocumentStatus.QUEUED, null));
        assertThat(all.get(1).source()).isEqualTo(new DocumentSource(Kind.URL, "https://example.com/a.pdf"));
        assertThat(all.get(0).chunkCount()).isEqualTo(2);
        assertThat(all.get(0).metadata().get("filename").asString()).isEqualTo("a.pdf");
        assertThat(documents.counts(job).block(TIMEOUT)).isEqualTo(new DocumentCounts(3, 1, 1));
        assertThat(documents.page(job, 1, 5).collectList().block(TIMEOUT))
                .extracting(JobDocument::index)
                .containsExactly(1, 2);
    }

    @Test
    void chunksSavedAgainReplaceThoseOfAnEarlierAttempt() {
        documents.register(job, threeSources()).block(TIMEOUT);
        documents
                .saveChunks(job, 0, List.of(chunk(0, "one"), chunk(1, "two"), chunk(2, "three")))
                .block(TIMEOUT);
        documents.saveChunks(job, 2, List.of(chunk(0, "other document"))).block(TIMEOUT);

        documents.saveChunks(job, 0, List.of(chunk(0, "uno"), chunk(1, "dos"))).block(TIMEOUT);

        assertThat(documents.chunks(job).collectList().block(TIMEOUT))
                .extracting(Chunk::documentIndex, Chunk::text)
                .containsExactly(tuple(0, "uno"), tuple(0, "dos"), tuple(2, "other document"));
    }

    private static Chunk chunk(int index, String text) {
        return new Chunk(0, index, text, 1, 2, index * 10, index * 10 + text.length(), index == 0 ? null : "Intro");
    }

    private static DocumentOutcome outcome() {
        return new DocumentOutcome(
                JSON.objectNode().put("filename", "a.pdf").put("pages", 2),
                JSON.arrayNode()
                        .add(JSON.objectNode()
                                .put("page", 1)
                                .put("characters", 10)
                                .put("ocr", false)),
                "jobs/x/documents/0.pages.json");
    }
}
