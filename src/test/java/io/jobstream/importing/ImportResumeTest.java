package io.jobstream.importing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.job.BatchService;
import io.jobstream.job.Caller;
import io.jobstream.jobtype.StageContext;
import io.jobstream.jobtype.StageProgress;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * An import that stopped part-way (its instance died, its attempt failed) and runs again, as
 * a retry or a resume on another instance does: it reads the file from the start and creates
 * each line once. The stage is run directly, twice, for one job.
 */
@JobstreamTest
class ImportResumeTest {

    private static final int LINES = 2000;

    @LocalServerPort
    int port;

    @Autowired
    ImportingStage importing;

    @Autowired
    BatchService batches;

    @Test
    void anImportRunAgainAfterItStoppedPartWayCreatesEachLineOnce() {
        ApiClient owner = ApiClient.as("import-" + UUID.randomUUID(), port);
        Imports imports = new Imports(owner);
        String file = imports.upload("jobs.jsonl", Imports.lines(LINES, line -> Imports.DEMO_LINE));
        UUID job = UUID.randomUUID();
        JsonNode payload = JsonNodeFactory.instance.objectNode().put("file_id", file);
        AtomicInteger reports = new AtomicInteger();

        // the first attempt dies when it reports its first chunk stored
        StepVerifier.create(importing.run(context(
                        job,
                        owner.subject(),
                        payload,
                        report -> reports.incrementAndGet() < 2
                                ? Mono.empty()
                                : Mono.error(new IllegalStateException("the instance died")))))
                .expectErrorMessage("the instance died")
                .verify(Duration.ofSeconds(60));
        long afterFirst = imports.jobsInBatch(job.toString());

        StepVerifier.create(importing.run(context(job, owner.subject(), payload, report -> Mono.empty())))
                .assertNext(result -> {
                    assertThat(result.get("created").asInt()).isEqualTo(LINES);
                    assertThat(result.get("existing").asInt()).isZero();
                    assertThat(result.get("batch_id").asString()).isEqualTo(job.toString());
                })
                .expectComplete()
                .verify(Duration.ofSeconds(60));

        assertThat(afterFirst).isBetween((long) ImportingStage.LINES_PER_CHUNK, LINES - 1L);
        assertThat(imports.jobsInBatch(job.toString())).isEqualTo(LINES);
        Caller caller = Caller.user(owner.subject());
        assertThat(batches.summary(caller, job).block(ApiClient.TIMEOUT).jobCount())
                .isEqualTo(LINES);
        batches.cancel(caller, job).block(ApiClient.TIMEOUT);
    }

    private static StageContext context(
            UUID job, String owner, JsonNode payload, Function<StageProgress, Mono<Void>> progress) {
        return new StageContext(
                job,
                owner,
                payload,
                List.of(),
                1,
                1,
                1,
                artifact ->
                        artifact.content().doOnNext(DataBufferUtils::release).then(),
                progress);
    }
}
