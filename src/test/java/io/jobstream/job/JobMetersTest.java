package io.jobstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * The meters an operator scrapes from {@code /actuator/prometheus}: jobs submitted (by every
 * door), completed and failed per type, how long they ran, the queue's depth, webhook outcomes,
 * the outbox relay's lag and the Kafka consumers' lag. Other
 * tests' jobs share the service, so these look at what a known workload adds.
 */
@JobstreamTest
class JobMetersTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Test
    void aKnownWorkloadAddsExactlyItsJobsToTheTypesCounters() {
        ApiClient user = ApiClient.as("meters-" + UUID.randomUUID(), port);
        Scrape before = scrape();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(user.submit("demo", Map.of("stages", 1)).get("id").asString());
        }
        for (int i = 0; i < 2; i++) {
            ids.add(user.submit("demo", Map.of("stages", 2, "fail_at_stage", 2))
                    .get("id")
                    .asString());
        }
        // another door: a batch of two more that complete
        user.http()
                .post()
                .uri("/api/jobs/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "jobs", Collections.nCopies(2, Map.of("type", "demo", "payload", Map.of("stages", 1)))))
                .exchange()
                .expectStatus()
                .isCreated();
        ids.subList(0, 3).forEach(id -> user.awaitStatus(id, "completed"));
        ids.subList(3, 5).forEach(id -> user.awaitStatus(id, "failed"));

        await().atMost(PATIENCE).untilAsserted(() -> {
            Scrape after = scrape();
            assertThat(after.delta(before, "jobstream_jobs_completed_total", "type=\"demo\""))
                    .isEqualTo(5);
            assertThat(after.delta(before, "jobstream_jobs_failed_total", "type=\"demo\""))
                    .isEqualTo(2);
        });
        Scrape after = scrape();
        assertThat(after.delta(before, "jobstream_jobs_submitted_total", "type=\"demo\""))
                .isEqualTo(7);
        assertThat(after.delta(
                        before, "jobstream_jobs_duration_seconds_count", "outcome=\"completed\"", "type=\"demo\""))
                .isEqualTo(5);
        assertThat(after.delta(before, "jobstream_jobs_duration_seconds_count", "outcome=\"failed\"", "type=\"demo\""))
                .isEqualTo(2);
        assertThat(after.delta(before, "jobstream_jobs_duration_seconds_sum", "outcome=\"completed\"", "type=\"demo\""))
                .as("a run takes some time")
                .isPositive();
    }

    @Test
    void theQueueDepthShowsJobsWaitingUntilTheyAreCancelled() {
        ApiClient user = ApiClient.as("meters-" + UUID.randomUUID(), port);
        // read after a few refreshes (jobstream.metrics.queue-interval is 200 ms here): not what an earlier test left
        double depth = await().pollDelay(Duration.ofSeconds(1))
                .atMost(PATIENCE)
                .until(() -> scrape().value("jobstream_jobs_queue_depth"), read -> true);

        List<String> delayed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            delayed.add(user.http()
                    .post()
                    .uri("/api/jobs")
                    .bodyValue(Map.of("type", "demo", "payload", Map.of("stages", 1), "delay", "1h"))
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody()
                    .get("id")
                    .asString());
        }
        await().atMost(PATIENCE).until(() -> scrape().value("jobstream_jobs_queue_depth"), now -> now == depth + 3);
        // scheduled for later: waiting, but not due, so not the oldest wait
        assertThat(scrape().value("jobstream_jobs_queue_oldest_seconds")).isGreaterThanOrEqualTo(0);

        delayed.forEach(user::cancel);
        await().atMost(PATIENCE).until(() -> scrape().value("jobstream_jobs_queue_depth"), now -> now == depth);
    }

    @Test
    void webhookOutcomesAndTheRelaysLagFollowAKnownWorkload() {
        ApiClient user = ApiClient.as("meters-" + UUID.randomUUID(), port);
        Scrape before = scrape();
        try (var answering = WebhookReceiver.answering();
                var failingOnce = WebhookReceiver.answering(500)) {
            List<String> ids = new ArrayList<>();
            ids.add(submitWithWebhook(user, answering.url("/a"), null));
            ids.add(submitWithWebhook(user, answering.url("/b"), null));
            ids.add(submitWithWebhook(user, failingOnce.url("/c"), null));
            // scheduled: the outbox relay publishes its start command when it is due
            ids.add(submitWithWebhook(user, answering.url("/d"), "1s"));
            ids.forEach(id -> user.awaitStatus(id, "completed"));

            await().atMost(PATIENCE).untilAsserted(() -> {
                Scrape after = scrape();
                assertThat(after.delta(before, "jobstream_webhooks_deliveries_total", "outcome=\"delivered\""))
                        .isEqualTo(4);
                assertThat(after.delta(before, "jobstream_webhooks_deliveries_total", "outcome=\"retried\""))
                        .isEqualTo(1);
            });
            assertThat(failingOnce.requests()).hasSize(2);
        }
        Scrape after = scrape();
        assertThat(after.delta(before, "jobstream_webhooks_deliveries_total", "outcome=\"failed\""))
                .isZero();
        assertThat(after.delta(before, "jobstream_relay_lag_seconds_count"))
                .as("the scheduled job's start command went out through the relay")
                .isGreaterThanOrEqualTo(1);
        assertThat(after.value("jobstream_relay_lag_seconds_max")).isLessThan(30);
    }

    @Test
    void theKafkaConsumersOwnLagIsScrapedAndFewOfTheirOtherMetrics() {
        // the worker's and the submissions' consumers are polling: the client's records-lag-max, bound by
        // KafkaClientMetrics, is a number (0 when a consumer has caught up)
        await().atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(scrape().text())
                                .containsPattern(
                                        "(?m)^kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=[^}]*} [0-9.E-]+$"));
        // of the client's hundred metrics per consumer, the few kept (KafkaMeterFilter)
        assertThat(scrape().text())
                .contains("kafka_consumer_last_poll_seconds_ago{")
                .doesNotContain("kafka_consumer_coordinator_heartbeat_total")
                .doesNotContain("kafka_consumer_io_wait_ratio");
    }

    private static String submitWithWebhook(ApiClient user, String url, @Nullable String delay) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "type",
                "demo",
                "payload",
                Map.of("stages", 1),
                "webhook",
                Map.of("url", url, "events", List.of("completed"))));
        if (delay != null) {
            body.put("delay", delay);
        }
        return user.submit(body).get("id").asString();
    }

    private Scrape scrape() {
        return new Scrape(ApiClient.as("meters-admin", "jobs:admin", port)
                .http()
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    /** The Prometheus text format: one sample a line, {@code name{labels} value}. */
    private record Scrape(String text) {

        private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

        /** The sample of {@code name} whose labels include all of {@code labels}; 0 if there is none yet. */
        double value(String name, String... labels) {
            for (String line : text.split("\n")) {
                Matcher sample = SAMPLE.matcher(line);
                if (sample.matches() && sample.group(1).equals(name) && hasAll(sample.group(2), labels)) {
                    return Double.parseDouble(sample.group(3));
                }
            }
            return 0;
        }

        double delta(Scrape before, String name, String... labels) {
            return value(name, labels) - before.value(name, labels);
        }

        private static boolean hasAll(String found, String... labels) {
            for (String label : labels) {
                if (found == null || !found.contains(label)) {
                    return false;
                }
            }
            return true;
        }
    }
}
