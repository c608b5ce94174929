package io.jobstream.webhook;

import io.jobstream.job.Caller;
import io.jobstream.job.JobService;
import io.jobstream.system.ConflictException;
import io.jobstream.system.NotFoundException;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * What callers do with webhooks: read and rotate their signing secret, list a job's
 * deliveries, and have one delivered again. Deliveries are reached through their job, so a
 * job the caller may not see has no deliveries either: it is not found.
 */
@Service
public class WebhookService {

    private final WebhookRepository webhooks;
    private final WebhookSecretRepository secrets;
    private final JobService jobs;
    private final WebhookProperties properties;

    WebhookService(
            WebhookRepository webhooks,
            WebhookSecretRepository secrets,
            JobService jobs,
            WebhookProperties properties) {
        this.webhooks = webhooks;
        this.secrets = secrets;
        this.jobs = jobs;
        this.properties = properties;
    }

    /** The owner's signing secret, created on first use. */
    public Mono<WebhookSecret> secret(String owner) {
        return Mono.defer(() -> secrets.secret(owner, WebhookSecret.generate()))
                // lost a race with another first use: the winner's secret is there to read now
                .switchIfEmpty(Mono.defer(() -> secrets.secret(owner, WebhookSecret.generate())));
    }

    /**
     * A new signing secret for the owner. Every attempt from now on is signed with it, retries
     * of earlier deliveries too, and for {@code jobstream.webhooks.rotation-overlap} also with
     * the one it replaces, so receivers can be switched over without failed deliveries.
     */
    public Mono<WebhookSecret> rotateSecret(String owner) {
        return Mono.defer(() -> secrets.replaceSecret(owner, WebhookSecret.generate(), properties.rotationOverlap()));
    }

    /** At most {@code limit} deliveries of the job, in event order, after event {@code afterSeq}. */
    public Mono<List<WebhookDelivery>> deliveries(Caller caller, UUID jobId, long afterSeq, int limit) {
        return jobs.get(caller, jobId).then(Mono.defer(() -> webhooks.deliveries(jobId, afterSeq, limit)));
    }

    /**
     * Sends a delivery again, as soon as the relay gets to it and with a fresh retry period,
     * whatever became of it before; it keeps its id and its body, so a receiver that has seen
     * it can tell. A conflict while an instance is sending it.
     */
    public Mono<WebhookDelivery> redeliver(Caller caller, UUID jobId, UUID deliveryId) {
        return jobs.get(caller, jobId)
                .then(Mono.defer(() -> webhooks.redeliver(jobId, deliveryId)))
                .switchIfEmpty(Mono.defer(() -> webhooks.exists(jobId, deliveryId)
                        .flatMap(exists -> Mono.error(
                                exists
                                        ? new ConflictException("Delivery " + deliveryId + " is being sent right now; "
                                                + "ask again when this attempt has ended")
                                        : new NotFoundException(
                                                "No webhook delivery " + deliveryId + " of job " + jobId)))));
    }
}
