package io.jobstream.document.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.storage.Storage;
import io.jobstream.storage.StoredObjectNotFoundException;
import io.jobstream.support.ApiClient;
import io.jobstream.support.TestDocuments;
import io.jobstream.support.TestInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistrar;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * The whole application with {@code jobstream.storage.backend=s3} against the tests' real
 * S3-compatible server: an upload, a parse job over it and its artifacts go to the bucket,
 * nothing to PostgreSQL's storage tables, and deleting the job and the file empties the
 * bucket of them. Its own database, topics and consumer groups, so that the other contexts'
 * workers (which keep their bytes in PostgreSQL) never take its jobs, nor it theirs.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "jobstream.kafka.commands-topic=s3-backend.commands",
            "jobstream.kafka.worker-group=s3-backend-workers",
            "jobstream.kafka.submissions-topic=s3-backend.submissions",
            "jobstream.kafka.dead-letter-topic=s3-backend.submissions.dlt",
            "jobstream.kafka.intake-group=s3-backend-intake",
            "jobstream.kafka.events-topic=s3-backend.events",
            "jobstream.dispatch.interval=100ms"
        })
@Import(S3BackendTest.OnS3.class)
@DirtiesContext
class S3BackendTest {

    private static final String BUCKET = "s3-backend-test";

    @TestConfiguration(proxyBeanMethods = false)
    static class OnS3 {

        @Bean
        static DynamicPropertyRegistrar onS3() {
            return registry -> {
                TestInfrastructure.applicationProperties(TestInfrastructure.separateDatabase("s3_backend_tests"))
                        .forEach((name, value) -> registry.add(name, () -> value));
                TestInfrastructure.s3()
                        .applicationProperties(BUCKET)
                        .forEach((name, value) -> registry.add(name, () -> value));
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Storage storage;

    @Autowired
    DatabaseClient db;

    @TempDir
    Path directory;

    @Test
    void filesAndArtifactsLiveInTheBucketAndLeaveItWithTheirJobAndFile() {
        ApiClient alice = ApiClient.as("s3-" + UUID.randomUUID(), port);
        ParseJobs jobs = new ParseJobs(alice);
        Path pdf = new TestDocuments(directory)
                .textPdf("s3.pdf", "On S3", "Tester", List.of("First page in a bucket.", "Second page too."));
        String file = jobs.upload(pdf);

        String id = jobs.submit(Map.of("documents", List.of(Map.of("file_id", file))));
        JsonNode done = jobs.awaitEnd(id, "completed");

        assertThat(done.get("processed_count").asInt()).isOne();
        assertThat(jobs.artifactNames(id)).contains("chunks.jsonl", "document-0.txt");
        assertThat(alice.http()
                        .get()
                        .uri("/api/jobs/{id}/artifacts/document-0.txt", id)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .contains("First page in a bucket.", "Second page too.");
        assertThat(storedInPostgres())
                .as("objects in PostgreSQL's storage tables")
                .isZero();
        List<String> keys = artifactKeys(id);
        assertThat(keys).hasSize(jobs.artifactNames(id).size());
        for (String key : keys) {
            StepVerifier.create(storage.get(key).count())
                    .expectNextMatches(buffers -> buffers > 0)
                    .verifyComplete();
        }

        alice.http()
                .delete()
                .uri("/api/history/jobs/{id}", id)
                .exchange()
                .expectStatus()
                .isOk();
        alice.http()
                .delete()
                .uri("/api/files/{id}", file)
                .exchange()
                .expectStatus()
                .isNoContent();

        StepVerifier.create(storage.get("files/" + file))
                .expectError(StoredObjectNotFoundException.class)
                .verify(Duration.ofSeconds(10));
        for (String key : keys) {
            StepVerifier.create(storage.get(key))
                    .expectError(StoredObjectNotFoundException.class)
                    .verify(Duration.ofSeconds(10));
        }
    }

    private List<String> artifactKeys(String jobId) {
        return db.sql("select storage_key from job_artifacts where job_id = :id")
                .bind("id", UUID.fromString(jobId))
                .map(row -> row.get(0, String.class))
                .all()
                .collectList()
                .block(Duration.ofSeconds(5));
    }

    private long storedInPostgres() {
        return db.sql("select count(*) from stored_objects")
                .map(row -> row.get(0, Long.class))
                .one()
                .block(Duration.ofSeconds(5));
    }
}
