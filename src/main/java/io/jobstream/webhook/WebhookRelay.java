package io.jobstream.webhook;

import static io.jobstream.system.JobLogFields.about;

import io.jobstream.job.Caller;
import io.jobstream.job.JobService;
import io.jobstream.system.BackgroundWorkProperties;
import io.jobstream.system.PeriodicWork;
import io.jobstream.system.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends due webhook deliveries, on every instance, each in a client span of its job's trace
 * (whose {@code traceparent} it carries). Each look claims up to
 * {@code concurrency} deliveries (a committed claim under a lease: {@code FOR UPDATE SKIP
 * LOCKED} spreads them over instances, and no two instances ever send one delivery at once),
 * sends them all at once, records each attempt with its outcome and schedules the next one
 * with exponential backoff; while a look finds a full batch it looks again at once. The body
 * is built at the first attempt and kept, so retries and redeliveries send the same bytes.
 */
@Component
class WebhookRelay extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(WebhookRelay.class);

    static final String DELIVERIES = "jobstream.webhooks.deliveries";

    private final WebhookRepository deliveries;
    private final WebhookSender sender;
    private final WebhookService webhooks;
    private final JobService jobs;
    private final JobRepresentation representation;
    private final JsonMapper json;
    private final WebhookProperties properties;
    private final Traces traces;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter delivered;
    private final Counter retried;
    private final Counter gaveUp;

    WebhookRelay(
            WebhookRepository deliveries,
            WebhookSender sender,
            WebhookService webhooks,
            JobService jobs,
            JobRepresentation representation,
            JsonMapper json,
            WebhookProperties properties,
            MeterRegistry meters,
            Traces traces,
            BackgroundWorkProperties background) {
        super("Sending webhooks", properties.interval(), background.enabled());
        this.deliveries = deliveries;
        this.sender = sender;
        this.webhooks = webhooks;
        this.jobs = jobs;
        this.representation = representation;
        this.json = json;
        this.properties = properties;
        this.traces = traces;
        this.succeeded = attempts(meters, "succeeded");
        this.failed = attempts(meters, "failed");
        this.delivered = deliveries(meters, "delivered");
        this.retried = deliveries(meters, "retried");
        this.gaveUp = deliveries(meters, "failed");
    }

    /**
     * What each attempt made of its delivery: {@code delivered}, {@code retried} (failed, another
     * attempt scheduled) or {@code failed} (given up after jobstream.webhooks.retry-for).
     */
    private static Counter deliveries(MeterRegistry meters, String outcome) {
        return Counter.builder(DELIVERIES)
                .description(
                        "Webhook deliveries by what an attempt made of them: delivered, retried or failed for good")
                .tag("outcome", outcome)
                .register(meters);
    }

    private static Counter attempts(MeterRegistry meters, String outcome) {
        return Counter.builder("jobstream.webhooks.attempts")
                .description("Attempts to deliver a webhook, by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** The number of deliveries claimed. */
    @Override
    protected Mono<Long> runOnce() {
        return sendDue()
                .expand(sent -> sent < properties.concurrency() ? Mono.empty() : sendDue())
                .reduce(0L, Long::sum);
    }

    private Mono<Long> sendDue() {
        return deliveries
                .claimDue(properties.concurrency(), properties.lease())
                .flatMap(delivery -> attempt(delivery).thenReturn(delivery), properties.concurrency())
                .count();
    }

    /** One attempt, recorded; an error before it was made leaves the claim to expire, and it is tried again then. */
    private Mono<Void> attempt(WebhookRepository.Claimed delivery) {
        // one statement after the other: a delivery never holds two pooled connections at once
        return body(delivery)
                .zipWhen(body -> webhooks.secret(delivery.owner()))
                .flatMap(ready -> traces.outgoing(
                        delivery.traceparent(),
                        "jobstream webhook",
                        traceparent -> sender.send(
                                delivery.url(),
                                delivery.id().toString(),
                                ready.getT1(),
                                ready.getT2(),
                                delivery.token(),
                                traceparent)))
                .flatMap(outcome -> record(delivery, outcome))
                .onErrorResume(error -> notAttempted(delivery, error))
                .then();
    }

    private static Mono<String> notAttempted(WebhookRepository.Claimed delivery, Throwable error) {
        aboutDelivery(log.atWarn(), delivery)
                .log(
                        "Webhook delivery {} not attempted, will try again when its claim runs out: {}",
                        delivery.id(),
                        NestedExceptionUtils.getMostSpecificCause(error).toString());
        return Mono.empty();
    }

    /** A line about a delivery is about its job: the job's fields, and the delivery's id. */
    private static LoggingEventBuilder aboutDelivery(LoggingEventBuilder line, WebhookRepository.Claimed delivery) {
        return about(line, delivery.jobId(), delivery.owner()).addKeyValue("delivery_id", delivery.id());
    }

    /** The body kept from the first attempt; built and kept now if this is it. */
    private Mono<byte[]> body(WebhookRepository.Claimed delivery) {
        Mono<String> body =
                delivery.body() != null ? Mono.just(delivery.body()) : Mono.defer(() -> firstBody(delivery));
        return body.map(text -> text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Built at the first attempt rather than with the event, because the job in it is the
     * API's JSON, which SQL does not make; kept, so that every later attempt sends the same bytes.
     */
    private Mono<String> firstBody(WebhookRepository.Claimed delivery) {
        return jobs.get(Caller.user(delivery.owner()), delivery.jobId())
                .flatMap(job -> representation.of(job).map(jobJson -> WebhookPayload.of(delivery, job, jobJson)))
                .map(json::writeValueAsString)
                .flatMap(built -> deliveries.keepBody(delivery.id(), built));
    }

    private Mono<String> record(WebhookRepository.Claimed delivery, WebhookSender.Outcome outcome) {
        Duration delay = outcome.succeeded()
                ? Duration.ZERO
                : properties.backoffAfter(
                        delivery.failures() + 1, ThreadLocalRandom.current().nextDouble());
        (outcome.succeeded() ? succeeded : failed).increment();
        return deliveries
                .recordAttempt(delivery, outcome, delay, properties.retryFor())
                .doOnNext(status -> recorded(delivery, outcome, status));
    }

    private void recorded(WebhookRepository.Claimed delivery, WebhookSender.Outcome outcome, String status) {
        if (DeliveryStatus.SUCCEEDED.wireName().equals(status)) {
            delivered.increment();
        } else if (DeliveryStatus.FAILED.wireName().equals(status)) {
            gaveUp(delivery, outcome);
        } else {
            retried.increment();
        }
    }

    private void gaveUp(WebhookRepository.Claimed delivery, WebhookSender.Outcome outcome) {
        gaveUp.increment();
        aboutDelivery(log.atWarn(), delivery)
                .log(
                        "Webhook delivery {} failed for good after {} attempts, the last: {}",
                        delivery.id(),
                        delivery.attempt(),
                        outcome.error() != null ? outcome.error() : "HTTP " + outcome.statusCode());
    }
}
