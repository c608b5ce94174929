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
 * address, and the uploaded files its payload names. A batch names each job's fields with a
 * prefix ({@code jobs[3].}), so one problem lists every bad reference; an import refuses each
 * job on its own ({@link #refusals}).
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
        return refusals(newJobs).flatMap(refusals -> allowed(newJobs, refusals, prefix));
    }

    private static Mono<List<NewJob>> allowed(
            List<NewJob> newJobs, List<List<Violation>> refusals, IntFunction<String> prefix) {
        List<Violation> violations = new ArrayList<>();
        for (int index = 0; index < refusals.size(); index++) {
            String path = prefix.apply(index);
            refusals.get(index).forEach(v -> violations.add(new Violation(path + v.field(), v.message())));
        }
        return violations.isEmpty() ? Mono.just(newJobs) : Mono.error(new InvalidInputException(violations));
    }

    /**
     * For each job, in order, the references it may not make (empty if none), each named as
     * in a lone submission ({@code webhook.url}, {@code payload.file_id}): for doors that
     * refuse jobs one by one (an import).
     */
    Mono<List<List<Violation>>> refusals(List<NewJob> newJobs) {
        return Mono.zip(refusedWebhooks(newJobs), unknownFiles(newJobs), SubmissionReferences::both);
    }

    /** Each job's refused webhook, then its unknown files. */
    private static List<List<Violation>> both(List<List<Violation>> webhooks, List<List<Violation>> files) {
        List<List<Violation>> all = new ArrayList<>();
        for (int index = 0; index < webhooks.size(); index++) {
            List<Violation> each = new ArrayList<>(webhooks.get(index));
            each.addAll(files.get(index));
            all.add(each);
        }
        return all;
    }

    /**
     * Webhook URLs that jobstream may not send to (a host that does not resolve, or resolves
     * to a private address); every distinct URL is looked up once.
     */
    private Mono<List<List<Violation>>> refusedWebhooks(List<NewJob> newJobs) {
        return Flux.fromIterable(newJobs)
                .mapNotNull(NewJob::webhook)
                .map(Webhook::url)
                .distinct()
                .flatMap(url -> webhookTargets.refusal(url).map(reason -> Map.entry(url, reason)), 8)
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(refused -> webhookViolations(newJobs, refused));
    }

    private static List<List<Violation>> webhookViolations(List<NewJob> newJobs, Map<URI, String> refused) {
        return newJobs.stream()
                .map(NewJob::webhook)
                .map(webhook -> webhook != null && refused.containsKey(webhook.url())
                        ? List.of(new Violation("webhook.url", refused.get(webhook.url())))
                        : List.<Violation>of())
                .toList();
    }

    /**
     * Files the payloads name that their owner does not have, answered exactly like a file
     * that does not exist, so that nobody learns another user's file ids. All the jobs of
     * one check have one owner.
     */
    private Mono<List<List<Violation>>> unknownFiles(List<NewJob> newJobs) {
        List<Map<String, UUID>> references = newJobs.stream()
                .map(job -> types.get(job.type()).fileReferences(job.payload()))
                .toList();
        Set<UUID> named = references.stream()
                .flatMap(fields -> fields.values().stream())
                .collect(java.util.stream.Collectors.toSet());
        if (named.isEmpty()) {
            return Mono.just(fileViolations(references, Set.of()));
        }
        return files.unknown(newJobs.getFirst().owner(), named).map(unknown -> fileViolations(references, unknown));
    }

    private static List<List<Violation>> fileViolations(List<Map<String, UUID>> references, Set<UUID> unknown) {
        return references.stream()
                .map(fields -> fields.entrySet().stream()
                        .filter(field -> unknown.contains(field.getValue()))
                        .map(field -> new Violation(field.getKey(), "no file " + field.getValue()))
                        .toList())
                .toList();
    }
}
