package io.jobstream.api;

import io.jobstream.job.JobService;
import io.jobstream.progress.JobFeed;
import io.jobstream.progress.JobFeed.JobFeedItem;
import io.jobstream.system.InvalidInputException;
import java.net.URI;
import java.security.Principal;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Thin HTTP handlers for jobs: parse, call one service method, map the answer. */
@Component
class JobHandler {

    private final JobService jobs;
    private final JobFeed feed;

    JobHandler(JobService jobs, JobFeed feed) {
        this.jobs = jobs;
        this.feed = feed;
    }

    Mono<ServerResponse> submit(ServerRequest request) {
        return request.bodyToMono(JsonNode.class)
                .switchIfEmpty(Mono.error(() -> InvalidInputException.of("body", "is required")))
                .map(SubmitRequest::parse)
                .zipWith(owner(request))
                .flatMap(submit -> jobs.submit(submit.getT2(), submit.getT1().type(), submit.getT1().payload()))
                .flatMap(job -> ServerResponse.created(URI.create("/api/jobs/" + job.id()))
                        .bodyValue(JobView.of(job)));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        UUID id = jobId(request);
        return owner(request)
                .flatMap(owner -> jobs.get(owner, id))
                .flatMap(job -> ServerResponse.ok().bodyValue(JobView.of(job)));
    }

    /** {@code Last-Event-ID} (or {@code ?after=N}) resumes after that event instead of starting with the state. */
    Mono<ServerResponse> events(ServerRequest request) {
        UUID id = jobId(request);
        Long after = resumeAfter(request);
        Flux<ServerSentEvent<Object>> stream = owner(request)
                .flatMapMany(owner -> after == null ? feed.follow(owner, id) : feed.resume(owner, id, after))
                .map(JobHandler::toServerSentEvent);
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .body(stream, ServerSentEvent.class);
    }

    private static ServerSentEvent<Object> toServerSentEvent(JobFeedItem item) {
        return switch (item) {
            case JobFeedItem.Snapshot snapshot -> ServerSentEvent.builder()
                    .id(Long.toString(snapshot.seq()))
                    .event("state")
                    .data((Object) JobView.of(snapshot.job()))
                    .build();
            case JobFeedItem.Event event -> ServerSentEvent.builder()
                    .id(Long.toString(event.seq()))
                    .event(event.event().kind().wireName())
                    .data((Object) JobEventView.of(event.event()))
                    .build();
        };
    }

    private static Mono<String> owner(ServerRequest request) {
        return request.principal().map(Principal::getName);
    }

    private static @Nullable Long resumeAfter(ServerRequest request) {
        String header = request.headers().firstHeader("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            return sequenceNumber("Last-Event-ID", header);
        }
        return request.queryParam("after")
                .map(after -> sequenceNumber("after", after))
                .orElse(null);
    }

    private static long sequenceNumber(String name, String raw) {
        try {
            long seq = Long.parseLong(raw.trim());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // answered below, like a negative number
        }
        throw InvalidInputException.of(name, "must be an event id (a whole number from 0), was '" + raw + "'");
    }

    private static UUID jobId(ServerRequest request) {
        String raw = request.pathVariable("id");
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("id", "must be a UUID, was '" + raw + "'");
        }
    }
}
