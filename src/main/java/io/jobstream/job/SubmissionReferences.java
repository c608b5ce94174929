package io.jobstream.job;

import io.jobstream.jobtype.JobTypes;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a submission points at outside itself, checked before it is stored: its webhook's
 * address, and the uploaded files its payload names. Each job's fields are named with
 * {@code prefix} ({@code jobs[3].} in a batch), so one problem lists every bad reference.
 */
@Component
class SubmissionReferences {

    private final WebhookTargets webhookTargets;
    private final OwnedFiles files;
    private final JobTypes types;

    SubmissionReferences(WebhookTargets webhookTargets, OwnedFiles files, JobTypes types) {
        this.webhookTargets = webhookTargets;
        this.files = files;
        this.types = types;
    }

    /** The jobs, if every reference is allowed; else a problem naming each bad one. */
    Mono<List<NewJob>> check(List<NewJob> newJobs, IntFunction<String> prefix) {
        return Mono.zip(refusedWebhooks(newJobs, prefix), unknownFiles(newJobs, prefix), this::both)
                .flatMap(violations ->
                        violations.isEmpty() ? Mono.just(newJobs) : Mono.error(new InvalidInputException(violations)));
    }

    private List<Violation> both(List<Violation> webhooks, List<Violation> files) {
        List<Violation> all = new ArrayList<>(webhooks);
        all.addAll(files);
        return all;
    }

    /**
     * Webhook URLs that jobstream may not send to (a host that does not resolve, or resolves
     * to a private address); every distinct URL is looked up once.
     */
    private Mono<List<Violation>> refusedWebhooks(List<NewJob> newJobs, IntFunction<String> prefix) {
        return Flux.fromIterable(newJobs)
                .mapNotNull(NewJob::webhook)
                .map(Webhook::url)
                .distinct()
                .flatMap(url -> webhookTargets.refusal(url).map(reason -> Map.entry(url, reason)), 8)
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(refused -> webhookViolations(newJobs, refused, prefix));
    }

    private static List<Violation> webhookViolations(
            List<NewJob> newJobs, Map<URI, String> refused, IntFunction<String> prefix) {
        List<Violation> violations = new ArrayList<>();
        for (int index = 0; index < newJobs.size(); index++) {
            Webhook webhook = newJobs.get(index).webhook();
            if (webhook != null && refused.containsKey(webhook.url())) {
                violations.add(new Violation(prefix.apply(index) + "webhook.url", refused.get(webhook.url())));
            }
        }
        return violations;
    }

    /**
     * Files the payloads name that their owner does not have, answered exactly like a file
     * that does not exist, so that nobody learns another user's file ids. All the jobs of
     * one check have one owner.
     */
    private Mono<List<Violation>> unknownFiles(List<NewJob> newJobs, IntFunction<String> prefix) {
        List<Map<String, UUID>> references = newJobs.stream()
                .map(job -> types.get(job.type()).fileReferences(job.payload()))
                .toList();
        Set<UUID> named = references.stream()
                .flatMap(fields -> fields.values().stream())
                .collect(java.util.stream.Collectors.toSet());
        if (named.isEmpty()) {
            return Mono.just(List.of());
        }
        return files.unknown(newJobs.getFirst().owner(), named)
                .map(unknown -> fileViolations(references, unknown, prefix));
    }

    private static List<Violation> fileViolations(
            List<Map<String, UUID>> references, Set<UUID> unknown, IntFunction<String> prefix) {
        List<Violation> violations = new ArrayList<>();
        for (int index = 0; index < references.size(); index++) {
            for (var field : references.get(index).entrySet()) {
                if (unknown.contains(field.getValue())) {
                    violations.add(new Violation(prefix.apply(index) + field.getKey(), "no file " + field.getValue()));
                }
            }
        }
        return violations;
    }
}
