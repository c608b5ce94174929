package io.jobstream.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.job.Attempt;
import io.jobstream.job.EventKind;
import io.jobstream.job.JobRuns;
import io.jobstream.job.StoredJobs;
import io.jobstream.job.Webhook;
import io.jobstream.support.StoreTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Claims as the relays of several instances make them, against real PostgreSQL, with no
 * relay running ({@link StoreTest}) so that the test alone claims: a delivery is claimed by
 * one claimant at a time, a lost claim writes nothing, and retries end.
 */
@StoreTest
class WebhookClaimTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofMinutes(1);

    @Autowired
    WebhookRepository deliveries;

    @Autowired
    JobRuns runs;

    @Autowired
    DatabaseClient db;

    @Autowired
    TransactionalOperator transactions;

    String owner;

    @Autowired
    ApplicationContext context;

    @Autowired
    WebTestClient http;

    @BeforeEach
    void owner() {
        owner = "claims-" + UUID.randomUUID();
    }

    @AfterEach
    void cleanUp() {
        db.sql("delete from jobs where owner = :owner")
                .bind("owner", owner)
                .then()
                .block(TIMEOUT);
    }

    /** A job of this test's owner that has just completed, so its webhook has one delivery due. */
    private UUID aDueDelivery() {
        Webhook webhook = new Webhook(URI.create("http://127.0.0.1:9/"), List.of(EventKind.COMPLETED), null, null);
        Attempt attempt = StoredJobs.in(context).running(owner, 2, owner, Duration.ofHours(1), webhook);
        runs.complete(attempt, JsonNodeFactory.instance.objectNode(), null).block(TIMEOUT);
        return db.sql("select id from webhook_deliveries where job_id = :job")
                .bind("job", attempt.jobId())
                .map(row -> row.get("id", UUID.class))
                .one()
                .block(TIMEOUT);
    }

    /** Claims until {@code delivery} is among the claimed (others may be due too), or nothing is left. */
    private WebhookRepository.Claimed claim(UUID delivery) {
        return deliveries
                .claimDue(100, LEASE)
                .repeat(() -> true)
                .takeUntil(claimed -> claimed.id().equals(delivery))
                .filter(claimed -> claimed.id().equals(delivery))
                .next()
                .timeout(TIMEOUT)
                .block();
    }

    /**
     * Instance A's claim has not committed yet when instance B looks: B passes over what A
     * holds instead of waiting for it and then taking it as well.
     */
    @Test
    void aClaimInProgressIsSkippedNotTakenTwice() {
        List<UUID> ours = IntStream.range(0, 5).mapToObj(i -> aDueDelivery()).toList();
        Sinks.One<List<UUID>> claimedByA = Sinks.one();

        Mono<List<UUID>> a = deliveries
                .claimDue(100, LEASE)
                .map(WebhookRepository.Claimed::id)
                .collectList()
                .doOnNext(claimedByA::tryEmitValue)
                .delayElement(Duration.ofMillis(500))
                .as(transactions::transactional);
        Mono<List<UUID>> b = claimedByA
                .asMono()
                .then(deliveries
                        .claimDue(100, LEASE)
                        .map(WebhookRepository.Claimed::id)
                        .collectList());
        var claims = Mono.zip(a, b).block(TIMEOUT);

        assertThat(claims.getT1()).containsAll(ours);
        assertThat(claims.getT2()).doesNotContainAnyElementsOf(claims.getT1());
        assertThat(deliveries
                        .claimDue(100, LEASE)
                        .map(WebhookRepository.Claimed::id)
                        .collectList()
                        .block(TIMEOUT))
                .as("claimed deliveries are not due while their lease runs")
                .doesNotContainAnyElementsOf(ours);
    }

    @Test
    void deliveryBeingSentCannotBeRedelivered() {
        UUID delivery = aDueDelivery();
        WebhookRepository.Claimed claimed = claim(delivery);

        http.mutateWith(SecurityMockServerConfigurers.mockJwt()
                        .jwt(jwt -> jwt.subject(owner))
                        .authorities(new SimpleGrantedAuthority("SCOPE_jobs:write")))
                .post()
                .uri("/api/jobs/{id}/webhook-deliveries/{delivery}/redeliver", claimed.jobId(), delivery)
                .exchange()
                .expectStatus()
                .isEqualTo(409);
    }

    @Test
    void lostClaimWritesNothing() {
        UUID delivery = aDueDelivery();
        WebhookRepository.Claimed first = claim(delivery);
        db.sql("update webhook_deliveries set claimed_until = now(), next_attempt_at = now() where id = :id")
                .bind("id", delivery)
                .then()
                .block(TIMEOUT);
        WebhookRepository.Claimed second = claim(delivery);

        StepVerifier.create(deliveries.recordAttempt(
                        first,
                        new WebhookSender.Outcome(Instant.now(), Duration.ZERO, 204, null),
                        Duration.ZERO,
                        Duration.ofHours(1)))
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(deliveries.recordAttempt(
                        second,
                        new WebhookSender.Outcome(Instant.now(), Duration.ZERO, 204, null),
                        Duration.ZERO,
                        Duration.ofHours(1)))
                .expectNext("succeeded")
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(second.attempt()).isEqualTo(first.attempt() + 1);
    }

    @Test
    void failureAfterTheRetryPeriodFailsTheDeliveryForGood() {
        UUID delivery = aDueDelivery();
        WebhookRepository.Claimed claimed = claim(delivery);

        StepVerifier.create(deliveries.recordAttempt(
                        claimed,
                        new WebhookSender.Outcome(Instant.now(), Duration.ofMillis(3), 503, null),
                        Duration.ofSeconds(1),
                        Duration.ZERO))
                .expectNext("failed")
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(deliveries
                        .claimDue(100, LEASE)
                        .map(WebhookRepository.Claimed::id)
                        .collectList()
                        .block(TIMEOUT))
                .doesNotContain(delivery);
        var shown = deliveries.deliveries(claimed.jobId(), 0, 10).block(TIMEOUT).getFirst();
        assertThat(shown.status()).isEqualTo("failed");
        assertThat(shown.nextAttemptAt()).isNull();
        assertThat(shown.completedAt()).isNotNull();
        assertThat(shown.attempts())
                .singleElement()
                .satisfies(attempt -> assertThat(attempt.statusCode()).isEqualTo(503));
    }
}
