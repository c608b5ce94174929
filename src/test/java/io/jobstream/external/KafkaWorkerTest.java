package io.jobstream.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.job.ExternalRun;
import io.jobstream.job.JobRuns;
import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.KafkaWorker;
import io.jobstream.support.RegisteredTypes;
import io.jobstream.support.SubmissionsTopic;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * A worker built on nothing but a plain {@code KafkaConsumer} and {@code KafkaProducer} runs
 * jobs of a type delivered over Kafka: it reads offers from the type's work topic, reports on
 * the reports topic with the offer's claim token, and hears of cancels on the control topic.
 */
@JobstreamTest
class KafkaWorkerTest {

    private static final Duration OFFER_PATIENCE = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    JobRuns jobRuns;

    ApiClient alice;
    String type;
    KafkaWorker worker;

    @BeforeEach
    void registerType() {
        alice = ApiClient.as("kafka-worker-" + UUID.randomUUID(), port);
        // a lease far longer than a report takes on a busy machine; the lease test has its own
        useType("30s");
    }

    /** A new Kafka-delivered type with this heartbeat timeout, and a worker for it (the previous one closed). */
    private void useType(String heartbeatTimeout) {
        if (worker != null) {
            worker.close();
        }
        type = RegisteredTypes.uniqueName("kafka");
        Map<String, Object> definition = new HashMap<>(HttpWorkerTest.definition(Map.of()));
        definition.put("delivery", "kafka");
        definition.put("heartbeat_timeout", heartbeatTimeout);
        RegisteredTypes.register(RegisteredTypes.admin(port), type, definition);
        worker = KafkaWorker.of(type);
    }

    @AfterEach
    void closeWorker() {
        worker.close();
        worker = null;
    }

    private String submit() {
        return alice.submit(type, Map.of("n", 3)).get("id").asString();
    }

    @Test
    void aPlainKafkaWorkerRunsAJobToItsResult() {
        String id = submit();

        JsonNode offer = worker.nextOffer(OFFER_PATIENCE);
        assertThat(offer.get("id").asString()).isEqualTo(id);
        assertThat(offer.get("type").asString()).isEqualTo(type);
        assertThat(offer.get("owner").asString()).isEqualTo(alice.subject());
        assertThat(offer.get("payload").get("n").asInt()).isEqualTo(3);
        assertThat(offer.get("attempt").asInt()).isEqualTo(1);
        assertThat(offer.get("completed_stages")).isEmpty();
        assertThat(offer.get("claim_token").asString()).hasSize(43);
        assertThat(Instant.parse(offer.get("lease_expires_at").asString())).isAfter(Instant.now());
        assertThat(alice.get(id).get("status").asString()).isEqualTo("processing");

        worker.report(offer, "heartbeat", Map.of());
        worker.report(offer, "progress", Map.of("percent", 40, "stage", "fetch", "message", "fetched 2 of 5"));
        StepVerifier.create(alice.events(id, "0")
                        .map(ApiClient::data)
                        .filter(event -> event.get("progress").get("percent").asInt() == 40)
                        .next())
                .assertNext(event -> {
                    assertThat(event.get("kind").asString()).isEqualTo("progress");
                    assertThat(event.get("progress").get("message").asString()).isEqualTo("fetched 2 of 5");
                })
                .expectComplete()
                .verify(Duration.ofSeconds(10));

        worker.report(offer, "log", Map.of("lines", List.of("read page 1")));
        worker.report(offer, "stage_complete", Map.of("stage", "fetch", "output", Map.of("pages", 2)));
        worker.report(offer, "complete", Map.of("result", Map.of("total", 6)));

        JsonNode done = alice.awaitStatus(id, "completed", Duration.ofSeconds(10));
        assertThat(done.get("result").get("total").asInt()).isEqualTo(6);
        assertThat(alice.getJson("/api/jobs/{id}/logs", id)
                        .get("logs")
                        .valueStream()
                        .map(line -> line.get("message").asString()))
                .contains("[fetch] read page 1");
    }

    @Test
    void aRetryableFailureIsOfferedAgainWithItsCompletedStagesAndTheStaleTokenChangesNothing() {
        String id = submit();
        JsonNode first = worker.nextOffer(OFFER_PATIENCE);
        worker.report(first, "stage_complete", Map.of("stage", "fetch", "output", Map.of("pages", 7)));
        worker.report(first, "fail", Map.of("error_code", "TIMEOUT", "error", "upstream slow", "retryable", true));

        JsonNode second = worker.nextOffer(OFFER_PATIENCE);
        assertThat(second.get("id").asString()).isEqualTo(id);
        assertThat(second.get("attempt").asInt()).isEqualTo(2);
        assertThat(second.get("completed_stages").get(0).get("name").asString()).isEqualTo("fetch");
        assertThat(second.get("completed_stages")
                        .get(0)
                        .get("output")
                        .get("pages")
                        .asInt())
                .isEqualTo(7);

        // the first attempt's token no longer holds the job: its report changes nothing
        worker.report(first, "complete", Map.of("result", Map.of("total", 1)));
        JsonNode rejected = worker.nextControl(
                record -> record.get("type").asString().equals("rejected")
                        && record.get("job_id").asString().equals(id),
                Duration.ofSeconds(10));
        assertThat(rejected.get("claim_token").asString())
                .isEqualTo(first.get("claim_token").asString());
        assertThat(rejected.get("report").asString()).isEqualTo("complete");
        assertThat(alice.get(id).get("status").asString()).isEqualTo("processing");

        worker.report(second, "complete", Map.of("result", Map.of("total", 2)));
        assertThat(alice.awaitStatus(id, "completed", Duration.ofSeconds(10))
                        .get("result")
                        .get("total")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void aCancelReachesTheWorkerOnTheControlTopicWithinASecondAndAgainAtItsNextHeartbeat() {
        String id = submit();
        JsonNode offer = worker.nextOffer(OFFER_PATIENCE);

        alice.cancel(id);
        JsonNode cancel = worker.nextControl(
                record -> record.get("type").asString().equals("cancel")
                        && record.get("job_id").asString().equals(id),
                Duration.ofSeconds(1));
        assertThat(cancel.get("job_id").asString()).isEqualTo(id);

        // a worker that missed it hears it again at its next heartbeat; its other reports change nothing
        worker.report(offer, "heartbeat", Map.of());
        worker.nextControl(
                record -> record.get("type").asString().equals("cancel")
                        && record.get("job_id").asString().equals(id),
                Duration.ofSeconds(10));
        worker.report(offer, "complete", Map.of("result", Map.of("total", 1)));
        worker.nextControl(
                record -> record.get("type").asString().equals("rejected")
                        && record.get("job_id").asString().equals(id),
                Duration.ofSeconds(10));
        assertThat(alice.get(id).get("status").asString()).isEqualTo("cancelled");
    }

    @Test
    void anOfferNobodyAnswersIsOfferedAgainAfterItsLease() {
        useType("2s");
        String id = submit();
        JsonNode ignored = worker.nextOffer(OFFER_PATIENCE);
        assertThat(ignored.get("attempt").asInt()).isEqualTo(1);

        // no heartbeat for longer than the type's 2 s: the lease runs out, and the job is offered again
        JsonNode again = worker.nextOffer(OFFER_PATIENCE);
        assertThat(again.get("id").asString()).isEqualTo(id);
        assertThat(again.get("attempt").asInt()).isEqualTo(2);
        assertThat(again.get("claim_token").asString())
                .isNotEqualTo(ignored.get("claim_token").asString());
    }

    @Test
    void anOfferThatCouldNotBePublishedIsHandedBackWithoutUsingAnAttempt() {
        String id = submit();
        JsonNode offer = worker.nextOffer(OFFER_PATIENCE);

        // what the relay does when the broker refuses the offer it claimed
        StepVerifier.create(jobRuns.handBack(ExternalRun.worker(
                                ClaimTokens.hash(offer.get("claim_token").asString())))
                        .map(job -> job.attempts()))
                .expectNext(0)
                .expectComplete()
                .verify(Duration.ofSeconds(10));

        JsonNode again = worker.nextOffer(OFFER_PATIENCE);
        assertThat(again.get("id").asString()).isEqualTo(id);
        assertThat(again.get("attempt").asInt()).isEqualTo(1);
        worker.report(offer, "complete", Map.of("result", Map.of("total", 1)));
        worker.nextControl(
                record -> record.get("type").asString().equals("rejected")
                        && record.get("job_id").asString().equals(id),
                Duration.ofSeconds(10));
        assertThat(alice.get(id).get("status").asString()).isEqualTo("processing");
    }

    @Test
    void aMalformedReportGoesToTheDeadLetterTopicAndTheIntakeGoesOn() {
        String id = submit();
        JsonNode offer = worker.nextOffer(OFFER_PATIENCE);
        String key = "malformed-" + UUID.randomUUID();
        worker.send(key, "{\"type\": \"progress\", \"job_id\": \"" + id + "\"");
        String unknownField = "unknown-" + UUID.randomUUID();
        worker.send(
                unknownField,
                "{\"type\": \"progress\", \"job_id\": \"" + id
                        + "\", \"claim_token\": \"x\", \"percent\": 5, \"colour\": 1}");

        Map<String, String> reasons =
                SubmissionsTopic.deadLetterReasons(KafkaWorker.REPORTS_DEAD_LETTERS, List.of(key, unknownField));
        assertThat(reasons.get(key)).contains("not JSON");
        assertThat(reasons.get(unknownField)).contains("colour");

        worker.report(offer, "complete", Map.of("result", Map.of("total", 3)));
        assertThat(alice.awaitStatus(id, "completed", Duration.ofSeconds(10))
                        .get("result")
                        .get("total")
                        .asInt())
                .isEqualTo(3);
    }
}
