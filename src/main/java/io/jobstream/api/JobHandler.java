package io.jobstream.api;

import io.jobstream.job.EventKind;
import io.jobstream.job.IdempotencyKey;
import io.jobstream.job.Job;
import io.jobstream.job.JobArtifacts;
import io.jobstream.job.JobEvent;
import io.jobstream.job.JobService;
import io.jobstream.job.JobSubmissions;
import io.jobstream.job.LogLine;
import io.jobstream.job.SubmissionReader;
import io.jobstream.job.Submitted;
import io.jobstream.system.InvalidInputException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Thin HTTP handlers for jobs: parse, call one service method, map the answer. */
@Component
class JobHandler {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final JobService jobs;
    private final JobSubmissions submissions;
    private final SubmissionReader reader;
    private final JobDetails details;
    private final JsonMapper json;
    private final JobArtifacts artifacts;

    JobHandler(
            JobService jobs,
            JobSubmissions submissions,
            SubmissionReader reader,
            JobDetails details,
            JsonMapper json,
            JobArtifacts artifacts) {
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.submissions = submissions;
        this.reader = reader;
        this.details = details;
        this.json = json;
    }

    /** 201 for a new job; 200 with the first job when an Idempotency-Key repeats a submission. */
    Mono<ServerResponse> submit(ServerRequest request) {
        String key = IdempotencyKey.check(request.headers().firstHeader(IDEMPOTENCY_KEY), IDEMPOTENCY_KEY);
        return Mono.zip(body(request).map(reader::job), Callers.of(request))
                .flatMap(submit -> submissions.submit(submit.getT2(), submit.getT1(), key))
                .flatMap(this::submitted);
    }

    private Mono<ServerResponse> submitted(Submitted submitted) {
        if (!submitted.created()) {
            return detail(submitted.job(), ServerResponse.ok().header("Idempotent-Replayed", "true"));
        }
        return created(submitted.job());
    }

    /** A job this request just created: its log is its first event alone, no need to read it back. */
    private static Mono<ServerResponse> created(Job job) {
        var queued = new JobEvent(
                job.id(), 1, EventKind.QUEUED, job.status(), job.progress(), null, job.documents(), job.createdAt());
        return ServerResponse.created(location(job)).bodyValue(JobView.of(job, List.of(LogLine.of(queued))));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        UUID id = jobId(request);
        return Callers.of(request)
                .flatMap(caller -> jobs.get(caller, id))
                .flatMap(job -> detail(job, ServerResponse.ok()));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        var query = JobListParameters.parse(request);
        return Callers.of(request)
                .flatMap(caller -> jobs.list(caller, query))
                .flatMap(page -> ServerResponse.ok().bodyValue(JobListView.of(query, page)));
    }

    /** {@code GET /api/jobs/counts}: the caller's jobs per status, every status named (0 when none). */
    Mono<ServerResponse> counts(ServerRequest request) {
        var query = JobListParameters.counts(request);
        return Callers.of(request)
                .flatMap(caller -> jobs.countByStatus(caller, query))
                .flatMap(counts -> ServerResponse.ok().bodyValue(StatusCounts.of(counts)));
    }

    Mono<ServerResponse> cancel(ServerRequest request) {
        UUID id = jobId(request);
        return Callers.of(request)
                .flatMap(caller -> jobs.cancel(caller, id))
                .flatMap(job -> ServerResponse.ok()
                        .bodyValue(new CancelResult(true, job.id(), job.status().wireName())));
    }

    Mono<ServerResponse> rerun(ServerRequest request) {
        UUID id = jobId(request);
        return Callers.of(request)
                .flatMap(caller -> submissions.rerun(caller, id))
                .flatMap(JobHandler::created);
    }

    Mono<ServerResponse> delete(ServerRequest request) {
        UUID id = jobId(request);
        return Callers.of(request)
                .flatMap(caller -> jobs.delete(caller, id))
                .flatMap(deleted ->
                        ServerResponse.ok().bodyValue(new DeleteResult("Job deleted successfully", deleted)));
    }

    /** The log, oldest first: {@code offset} lines skipped (a line's offset is its event's seq - 1). */
    Mono<ServerResponse> logs(ServerRequest request) {
        UUID id = jobId(request);
        var parameters = new ParameterReader(request).onlyKnown(Set.of("limit", "offset"));
        int limit = parameters.pageLimit();
        int offset = parameters.integer("offset", 0, 0, Integer.MAX_VALUE);
        parameters.check();
        return Callers.of(request)
                .flatMap(caller -> jobs.get(caller, id))
                .flatMap(job -> jobs.logLines(job.id(), offset, limit)
                        .collectList()
                        .map(lines -> logPage(job, lines, limit, offset)))
                .flatMap(page -> ServerResponse.ok().bodyValue(page));
    }

    private static LogPage logPage(Job job, List<LogLine> lines, int limit, int offset) {
        return new LogPage(lines, job.lastEventSeq(), limit, offset, offset + lines.size() < job.lastEventSeq());
    }

    /** The event log as JSON, for clients that poll: events after {@code after}, at most {@code limit}. */
    Mono<ServerResponse> eventLog(ServerRequest request) {
        UUID id = jobId(request);
        var parameters = new ParameterReader(request).onlyKnown(Set.of("after", "limit"));
        long after = parameters.number("after", 0, 0);
        int limit = parameters.pageLimit();
        parameters.check();
        return Callers.of(request)
                .flatMap(caller -> jobs.events(caller, id, after, limit + 1))
                .flatMap(events -> ServerResponse.ok().bodyValue(eventPage(events, after, limit)));
    }

    private static EventPage eventPage(List<JobEvent> events, long after, int limit) {
        List<JobEventView> page =
                events.stream().limit(limit).map(JobEventView::of).toList();
        long last = page.isEmpty() ? after : page.getLast().seq();
        return new EventPage(page, last, events.size() > limit);
    }

    /** A ZIP of a finished job: job.json, result.json, log.txt and artifacts/, streamed. */
    Mono<ServerResponse> archive(ServerRequest request) {
        UUID id = jobId(request);
        return Callers.of(request)
                .flatMap(caller -> jobs.getFinished(caller, id, "its archive is ready once it has finished"))
                .flatMap(job -> ServerResponse.ok()
                        .contentType(MediaType.parseMediaType("application/zip"))
                        .header(
                                HttpHeaders.CONTENT_DISPOSITION,
                                ContentDisposition.attachment()
                                        .filename("job-" + job.id() + ".zip")
                                        .build()
                                        .toString())
                        .body((response, context) ->
                                response.writeWith(ZipStream.of(archiveEntries(job), response.bufferFactory()))));
    }

    private Flux<ZipStream.Entry> archiveEntries(Job job) {
        Mono<ZipStream.Entry> detail =
                details.view(job).map(view -> ZipStream.Entry.of("job.json", json.writeValueAsBytes(view)));
        Mono<ZipStream.Entry> result =
                Mono.fromCallable(() -> ZipStream.Entry.of("result.json", json.writeValueAsBytes(job.result())));
        Mono<ZipStream.Entry> log = jobs.logLines(job.id(), 0, Integer.MAX_VALUE)
                .map(JobHandler::logText)
                .collect(Collectors.joining())
                .map(text -> ZipStream.Entry.of("log.txt", text.getBytes(StandardCharsets.UTF_8)));
        // names first, then one artifact at a time: never two connections for one download
        Flux<ZipStream.Entry> artifacts = this.artifacts
                .list(job.id())
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(info -> this.artifacts.open(job.id(), info.name()))
                .map(artifact ->
                        new ZipStream.Entry("artifacts/" + artifact.info().name(), artifact.content()));
        return Flux.concat(detail, result, log, artifacts);
    }

    private static String logText(LogLine line) {
        return line.timestamp() + " " + line.level() + " " + line.message() + "\n";
    }

    private Mono<ServerResponse> detail(Job job, ServerResponse.BodyBuilder response) {
        return details.view(job).flatMap(response::bodyValue);
    }

    static Mono<JsonNode> body(ServerRequest request) {
        return request.bodyToMono(JsonNode.class)
                .switchIfEmpty(Mono.error(() -> InvalidInputException.of("body", "is required")));
    }

    private static URI location(Job job) {
        return URI.create("/api/jobs/" + job.id());
    }

    static UUID jobId(ServerRequest request) {
        return uuid(request, "id");
    }

    static UUID uuid(ServerRequest request, String variable) {
        String raw = request.pathVariable(variable);
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(variable, "must be a UUID, was '" + raw + "'");
        }
    }
}
