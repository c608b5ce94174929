package io.jobstream.importing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.job.BatchService;
import io.jobstream.job.Caller;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code import} end to end: a file of 5,000 submissions with three bad lines, imported once
 * and again under the same idempotency key; a cancelled import; another user's file.
 */
@JobstreamTest
class ImportJobTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** 5,000 lines are checked and stored in well under this, also on a busy machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @LocalServerPort
    int port;

    @Autowired
    BatchService batches;

    ApiClient alice;
    ApiClient bob;
    Imports aliceImports;
    /** Batches a test created: their jobs are cancelled afterwards, so they do not keep the shared workers busy. */
    List<String> batchIds = new ArrayList<>();

    @BeforeEach
    void users() {
        alice = ApiClient.as("import-" + UUID.randomUUID(), port);
        bob = ApiClient.as("import-" + UUID.randomUUID(), port);
        aliceImports = new Imports(alice);
    }

    @AfterEach
    void cancelWhatTheImportsCreated() {
        batchIds.forEach(this::cancel);
    }

    private void cancel(String batchId) {
        batches.cancel(Caller.user(alice.subject()), UUID.fromString(batchId)).block(ApiClient.TIMEOUT);
    }

    @Test
    void fiveThousandLinesWithThreeBadOnesBecomeOneBatchOfTheOthersAndTheSameKeyCreatesNothingNew() {
        String bobsFile = new Imports(bob).upload("bobs.txt", "Bob's eyes only.\n");
        String file = aliceImports.upload("jobs.jsonl", Imports.lines(5000, line -> switch (line) {
            case 10 -> "{\"type\":\"demo\",\"payload\":{\"stages\":0}}";
            case 2500 -> "{\"type\":\"demo\",\"payload\":";
            case 4999 -> "{\"type\":\"parse\",\"payload\":{\"documents\":[{\"file_id\":\"" + bobsFile + "\"}]}}";
            default -> Imports.DEMO_LINE;
        }));
        String key = "import-" + UUID.randomUUID();

        String id = aliceImports
                .submit(file, key)
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
        JsonNode result = alice.awaitStatus(id, "completed", PATIENCE).get("result");
        String batchId = result.get("batch_id").asString();
        batchIds.add(batchId);

        assertThat(result.get("lines").asInt()).isEqualTo(5000);
        assertThat(result.get("created").asInt()).isEqualTo(4997);
        assertThat(result.get("existing").asInt()).isZero();
        assertThat(result.get("refused").asInt()).isEqualTo(3);
        JsonNode refused = result.get("refused_lines");
        assertThat(refused).extracting(line -> line.get("line").asInt()).containsExactly(10, 2500, 4999);
        assertThat(Imports.fields(refused.get(0))).containsExactly("payload.stages");
        assertThat(Imports.fields(refused.get(1))).containsExactly("line");
        assertThat(refused.get(1).get("errors").get(0).get("message").asString())
                .startsWith("is not valid JSON");
        // exactly what POST /api/jobs answers for Bob's file: as if it did not exist
        assertThat(Imports.fields(refused.get(2))).containsExactly("payload.documents[0].file_id");
        assertThat(refused.get(2).get("errors").get(0).get("message").asString())
                .isEqualTo("no file " + bobsFile);
        assertThat(aliceImports.jobsInBatch(batchId)).isEqualTo(4997);
        assertThat(alice.getJson("/api/jobs?batch_id={id}&limit=1", batchId)
                        .get("jobs")
                        .get(0)
                        .get("type")
                        .asString())
                .isEqualTo("demo");
        List<JsonNode> artifact =
                alice.artifact(id, "refused.jsonl").lines().map(JSON::readTree).toList();
        assertThat(artifact).extracting(line -> line.get("line").asInt()).containsExactly(10, 2500, 4999);
        assertThat(artifact.get(1).get("content").asString()).isEqualTo("{\"type\":\"demo\",\"payload\":");

        JsonNode again = aliceImports
                .submit(file, key)
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(again.get("id").asString()).isEqualTo(id);
        assertThat(aliceImports.jobsInBatch(batchId)).isEqualTo(4997);
    }

    @Test
    void anImportSubmittedAgainUnderItsKeyAfterTheFirstWasDeletedFindsItsJobsAndCreatesNone() {
        String file = aliceImports.upload("jobs.jsonl", Imports.lines(700, line -> Imports.DEMO_LINE));
        String key = "import-" + UUID.randomUUID();
        String first = aliceImports
                .submit(file, key)
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
        String batchId = alice.awaitStatus(first, "completed", PATIENCE)
                .get("result")
                .get("batch_id")
                .asString();
        // its jobs end (here: cancelled), so that the owner has room under the quota for the next import
        cancel(batchId);
        alice.http()
                .delete()
                .uri("/api/history/jobs/{id}", first)
                .exchange()
                .expectStatus()
                .isOk();

        String second = aliceImports
                .submit(file, key)
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
        JsonNode result = alice.awaitStatus(second, "completed", PATIENCE).get("result");

        assertThat(second).isNotEqualTo(first);
        assertThat(result.get("created").asInt()).isZero();
        assertThat(result.get("existing").asInt()).isEqualTo(700);
        assertThat(result.get("batch_id").isNull()).isTrue();
        assertThat(aliceImports.jobsInBatch(batchId)).isEqualTo(700);
        assertThat(alice.getJson("/api/jobs?type=demo&limit=1").get("total").asInt())
                .isEqualTo(700);
    }

    @Test
    void cancelStopsARunningImportPromptly() {
        // large enough that the import is still running when the cancel comes: at most 100,000 lines
        String file = aliceImports.upload("many.jsonl", Imports.lines(100_000, line -> Imports.DEMO_LINE));
        String id = aliceImports.submit(file);
        batchIds.add(id);
        Awaitility.await()
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> aliceImports.jobsInBatch(id) > 0);

        alice.cancel(id);

        alice.awaitStatus(id, "cancelled", Duration.ofSeconds(5));
        // a chunk on its way when the cancel came may still land; then nothing more
        AtomicLong created = new AtomicLong(-1);
        Awaitility.await()
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> {
                    long now = aliceImports.jobsInBatch(id);
                    return created.getAndSet(now) == now;
                });
        assertThat(created.get()).isLessThan(100_000);
        assertThat(alice.get(id).get("status").asString()).isEqualTo("cancelled");
    }

    @Test
    void anotherUsersFileIsRefusedAtSubmitAsIfItDidNotExist() {
        String bobsFile = new Imports(bob).upload("bobs.jsonl", Imports.DEMO_LINE + "\n");

        JsonNode problem = aliceImports
                .submit(bobsFile, null)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("payload.file_id");
        assertThat(problem.get("errors").get(0).get("message").asString()).isEqualTo("no file " + bobsFile);
        assertThat(alice.getJson("/api/jobs").get("total").asInt()).isZero();
    }
}
