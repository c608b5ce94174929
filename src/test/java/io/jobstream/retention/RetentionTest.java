package io.jobstream.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.job.JobStatus;
import io.jobstream.storage.Storage;
import io.jobstream.storage.StoredObjectNotFoundException;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.WebhookReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * Retention against the running application: jobs and files are made old by moving their
 * timestamps back, then rounds of the cleaner delete exactly those past their window, with
 * everything they had in the database and in storage, and nothing else.
 */
@JobstreamTest
class RetentionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String COMPLETED = JobStatus.COMPLETED.wireName();
    private static final String FAILED = JobStatus.FAILED.wireName();
    private static final String CANCELLED = JobStatus.CANCELLED.wireName();

    /** The tables that hang off a job, each with its job column. */
    private static final List<String> JOB_TABLES = List.of(
            "job_events", "webhook_deliveries", "job_checkpoints", "job_documents", "document_chunks", "job_artifacts");

    @LocalServerPort
    int port;

    @Autowired
    DatabaseClient db;

    @Autowired
    RetentionCleaner cleaner;

    @Autowired
    Storage storage;

    @Autowired
    MeterRegistry meters;

    @Test
    void deletesExactlyTheJobsAndFilesPastTheirWindowWithEverythingTheyHadAndStored() throws Exception {
        ApiClient alice = ApiClient.as("retention-" + UUID.randomUUID(), port);
        try (var receiver = WebhookReceiver.answering()) {
            String readFile = upload(alice, "read-by-an-old-job.txt");
            String keptFile = upload(alice, "read-by-a-recent-job.txt");
            String unusedFile = upload(alice, "never-read.txt");
            String youngFile = upload(alice, "uploaded-today.txt");

            String oldParse = submit(alice, "parse", documents(readFile), receiver.url("/hook"), null);
            String recentParse = submit(alice, "parse", documents(keptFile), null, null);
            String oldDemo = submit(alice, "demo", Map.of("stages", 2, "artifact", true), null, null);
            String oldFailed = submit(alice, "demo", Map.of("stages", 1, "fail_at_stage", 1), null, null);
            String youngFailed = submit(alice, "demo", Map.of("stages", 1, "fail_at_stage", 1), null, null);
            String oldCancelled = submit(alice, "demo", Map.of("stages", 1), null, "1h");
            String queued = submit(alice, "demo", Map.of("stages", 1), null, "1h");
            String running = submit(alice, "demo", Map.of("stages", 1, "stage_ms", 600_000), null, null);
            alice.cancel(oldCancelled);
            for (String finished : List.of(oldParse, recentParse, oldDemo)) {
                alice.awaitStatus(finished, COMPLETED);
            }
            alice.awaitStatus(oldFailed, FAILED);
            alice.awaitStatus(youngFailed, FAILED);
            alice.awaitStatus(running, JobStatus.PROCESSING.wireName());
            await().atMost(TIMEOUT).until(() -> rows("webhook_deliveries", oldParse) > 0);

            List<String> storedByOldJobs = jobObjects(oldParse, oldDemo);
            assertThat(storedByOldJobs)
                    .as("objects stored under the old jobs' prefixes")
                    .isNotEmpty();
            for (String table : List.of("job_events", "webhook_deliveries", "job_documents", "document_chunks")) {
                assertThat(rows(table, oldParse))
                        .as(table + " of the old parse job")
                        .isPositive();
            }
            assertThat(rows("job_artifacts", oldDemo)).isOne();
            List<String> storedByKeptJobs = jobObjects(recentParse);

            finishedAgo(oldParse, Duration.ofDays(8));
            finishedAgo(oldDemo, Duration.ofDays(8));
            finishedAgo(recentParse, Duration.ofDays(6));
            finishedAgo(oldFailed, Duration.ofDays(31));
            finishedAgo(youngFailed, Duration.ofDays(8));
            finishedAgo(oldCancelled, Duration.ofDays(8));
            createdAgo("jobs", queued, Duration.ofDays(60));
            createdAgo("jobs", running, Duration.ofDays(60));
            for (String file : List.of(readFile, keptFile, unusedFile)) {
                createdAgo("files", file, Duration.ofDays(8));
            }
            double deletedBefore = deletedCount(COMPLETED);

            List<String> deleted = List.of(oldParse, oldDemo, oldFailed, oldCancelled);
            // a round runs once no other instance's is under way, and deletes a job once the events
            // relay has published its events: within moments here
            await().atMost(TIMEOUT).untilAsserted(() -> {
                cleaner.round().block(TIMEOUT);
                assertThat(deleted)
                        .allSatisfy(id -> assertThat(exists("jobs", id)).isFalse());
                assertThat(exists("files", readFile)).isFalse();
            });

            for (String id : deleted) {
                for (String table : JOB_TABLES) {
                    assertThat(rows(table, id)).as(table + " of " + id).isZero();
                }
            }
            for (String kept : List.of(recentParse, youngFailed, queued, running)) {
                assertThat(exists("jobs", kept)).as("job " + kept).isTrue();
                assertThat(rows("job_events", kept)).isPositive();
            }
            assertThat(rows("job_documents", recentParse)).isPositive();
            assertThat(exists("files", unusedFile)).isFalse();
            assertThat(exists("files", keptFile))
                    .as("an old file a kept job reads")
                    .isTrue();
            assertThat(exists("files", youngFile)).isTrue();
            for (String key : storedByOldJobs) {
                assertGone(key);
            }
            assertGone("files/" + readFile);
            assertGone("files/" + unusedFile);
            for (String key : storedByKeptJobs) {
                assertStored(key);
            }
            assertStored("files/" + keptFile);
            assertStored("files/" + youngFile);
            assertThat(queuedObjectDeletes())
                    .as("storage deletes left to retry")
                    .isZero();
            assertThat(deletedCount(COMPLETED) - deletedBefore).isGreaterThanOrEqualTo(2);
            assertThat(alice.getJson("/api/jobs/{id}", recentParse)
                            .get("status")
                            .asString())
                    .isEqualTo(COMPLETED);
            alice.cancel(running);
            alice.cancel(queued);
        }
    }

    private static String upload(ApiClient user, String filename) {
        return user.http()
                .post()
                .uri("/api/files?filename={name}", filename)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(("Text of " + filename + ", long enough to be a document of its own.\n")
                        .repeat(20)
                        .getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .at("/files/0/id")
                .asString();
    }

    private static Map<String, Object> documents(String fileId) {
        return Map.of("documents", List.of(Map.of("file_id", fileId)));
    }

    private static String submit(
            ApiClient user, String type, Map<String, ?> payload, @Nullable String webhook, @Nullable String delay) {
        Map<String, Object> body = new HashMap<>(Map.of("type", type, "payload", payload));
        if (webhook != null) {
            body.put("webhook", Map.of("url", webhook, "events", List.of("progress", COMPLETED)));
        }
        if (delay != null) {
            body.put("delay", delay);
        }
        return user.submit(body).get("id").asString();
    }

    private void finishedAgo(String jobId, Duration age) {
        db.sql("update jobs set completed_at = now() - make_interval(secs => :age) where id = :id")
                .bind("age", (double) age.toSeconds())
                .bind("id", UUID.fromString(jobId))
                .then()
                .block(TIMEOUT);
    }

    private void createdAgo(String table, String id, Duration age) {
        db.sql("update " + table + " set created_at = now() - make_interval(secs => :age) where id = :id")
                .bind("age", (double) age.toSeconds())
                .bind("id", UUID.fromString(id))
                .then()
                .block(TIMEOUT);
    }

    private long rows(String table, String jobId) {
        return db.sql("select count(*) from " + table + " where job_id = :id")
                .bind("id", UUID.fromString(jobId))
                .map(row -> row.get(0, Long.class))
                .one()
                .block(TIMEOUT);
    }

    private boolean exists(String table, String id) {
        return db.sql("select exists (select 1 from " + table + " where id = :id)")
                .bind("id", UUID.fromString(id))
                .map(row -> row.get(0, Boolean.class))
                .one()
                .block(TIMEOUT);
    }

    /** The keys of what the jobs stored: artifacts, document copies and texts (their prefixes hold nothing else). */
    private List<String> jobObjects(String... jobIds) {
        UUID[] ids = java.util.Arrays.stream(jobIds).map(UUID::fromString).toArray(UUID[]::new);
        return db.sql("""
                        select storage_key as key from job_artifacts where job_id = any(:ids) and storage_key is not null
                        union select input_key from job_documents where job_id = any(:ids) and input_key like 'jobs/%'
                        union select text_key from job_documents where job_id = any(:ids) and text_key is not null""")
                .bind("ids", ids)
                .map(row -> row.get("key", String.class))
                .all()
                .collectList()
                .block(TIMEOUT);
    }

    private long queuedObjectDeletes() {
        return db.sql("select count(*) from retention_object_deletes")
                .map(row -> row.get(0, Long.class))
                .one()
                .block(TIMEOUT);
    }

    private double deletedCount(String kind) {
        var counter = meters.find(RetentionCleaner.DELETED).tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    private void assertGone(String key) {
        StepVerifier.create(storage.get(key))
                .expectError(StoredObjectNotFoundException.class)
                .verify(TIMEOUT);
    }

    private void assertStored(String key) {
        StepVerifier.create(storage.get(key).count())
                .expectNextMatches(buffers -> buffers > 0)
                .verifyComplete();
    }
}
