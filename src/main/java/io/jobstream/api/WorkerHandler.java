package io.jobstream.api;

import io.jobstream.external.WorkClaims;
import io.jobstream.external.WorkReports;
import io.jobstream.external.Worker;
import io.jobstream.job.Job;
import io.jobstream.job.Progress;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.security.WorkerGrants;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The HTTP transport of external workers: reads each request, calls one method of
 * {@link WorkClaims} or {@link WorkReports}, and answers. A report answers 204; a stale claim
 * token is a 409, a job the worker may not see a 404 (the services decide both).
 */
@Component
class WorkerHandler {

    /** A log line, a stage name or a message: as long as the job's progress message may be. */
    private static final int MAX_TEXT = 2000;

    private static final int MAX_LOG_LINES = 100;
    private static final int MAX_TYPES = 100;

    private final WorkClaims claims;
    private final WorkReports reports;

    WorkerHandler(WorkClaims claims, WorkReports reports) {
        this.claims = claims;
        this.reports = reports;
    }

    Mono<ServerResponse> claim(ServerRequest request) {
        return JobHandler.body(request)
                .zipWith(worker(request))
                .flatMap(bodyAndWorker -> {
                    var body = WorkerRequest.claim(bodyAndWorker.getT1());
                    var types = body.texts("types", MAX_TYPES, MAX_TEXT);
                    Integer max = body.integer("max", 1, Integer.MAX_VALUE);
                    Integer wait = body.integer("wait_seconds", 0, (int) WorkClaims.MAX_WAIT.toSeconds());
                    body.check();
                    return claims.claim(
                            bodyAndWorker.getT2(),
                            types,
                            max == null ? 1 : max,
                            Duration.ofSeconds(wait == null ? 0 : wait));
                })
                .flatMap(claimed -> ServerResponse.ok().bodyValue(WorkerViews.ClaimView.of(claimed)));
    }

    Mono<ServerResponse> heartbeat(ServerRequest request) {
        return report(request, Set.of(), (call, body) -> {
                    body.check();
                    return reports.heartbeat(call.worker(), call.id(), call.token());
                })
                .flatMap(heartbeat -> ServerResponse.ok().bodyValue(WorkerViews.HeartbeatView.of(heartbeat)));
    }

    Mono<ServerResponse> progress(ServerRequest request) {
        var fields = Set.of("percent", "stage", "message", "total_documents", "processed_count", "failed_count");
        return report(request, fields, (call, body) -> {
                    Integer percent = body.integer("percent", 0, 100);
                    var stage = body.text("stage", MAX_TEXT);
                    var message = body.text("message", MAX_TEXT);
                    var documents = new Job.Documents(
                            body.integer("total_documents", 0, Integer.MAX_VALUE),
                            body.integer("processed_count", 0, Integer.MAX_VALUE),
                            body.integer("failed_count", 0, Integer.MAX_VALUE));
                    if (percent == null) {
                        body.reject("percent", "is required: a whole number from 0 to 100");
                    }
                    body.check();
                    return reports.progress(
                            call.worker(),
                            call.id(),
                            call.token(),
                            new Progress(percent == null ? 0 : percent, stage.orElse(null), message.orElse(null)),
                            documents);
                })
                .then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> logs(ServerRequest request) {
        return report(request, Set.of("lines"), (call, body) -> {
                    var lines = body.texts("lines", MAX_LOG_LINES, MAX_TEXT);
                    body.check();
                    return reports.log(call.worker(), call.id(), call.token(), lines);
                })
                .then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> completeStage(ServerRequest request) {
        String stage = request.pathVariable("stage");
        return report(request, Set.of("output"), (call, body) -> {
                    JsonNode output = body.json("output");
                    body.check();
                    return reports.completeStage(call.worker(), call.id(), call.token(), stage, output);
                })
                .then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> complete(ServerRequest request) {
        return report(request, Set.of("result"), (call, body) -> {
                    JsonNode result = body.json("result");
                    body.check();
                    return reports.complete(call.worker(), call.id(), call.token(), result);
                })
                .then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> fail(ServerRequest request) {
        return report(request, Set.of("error_code", "error", "retryable"), (call, body) -> {
                    var code = body.text("error_code", 64)
                            .map(name -> errorCode(body, name))
                            .orElse(Optional.of(ErrorCode.INTERNAL_ERROR));
                    String error = body.requiredText("error", MAX_TEXT);
                    boolean retryable = body.bool("retryable", false);
                    body.check();
                    return reports.fail(call.worker(), call.id(), call.token(), code.orElseThrow(), error, retryable);
                })
                .then(ServerResponse.noContent().build());
    }

    private static Optional<ErrorCode> errorCode(WorkerRequest body, String name) {
        try {
            return Optional.of(ErrorCode.valueOf(name));
        } catch (IllegalArgumentException e) {
            body.reject(
                    "error_code",
                    "must be one of " + Arrays.toString(ErrorCode.values()).replaceAll("[\\[\\]]", ""));
            return Optional.empty();
        }
    }

    /**
     * The body is the artifact, streamed to storage; its name from {@code ?name=}, its content
     * type from the request's; the claim token in the {@code Claim-Token} header.
     */
    Mono<ServerResponse> saveArtifact(ServerRequest request) {
        return Mono.defer(() -> {
                    var parameters = new ParameterReader(request).onlyKnown(Set.of("name"));
                    String name = parameters.text("name").orElse("");
                    if (!Artifact.isFileName(name)) {
                        parameters.reject(
                                "name", "is required: a plain file name ([A-Za-z0-9._-], at most 200 characters)");
                    }
                    parameters.check();
                    String token = WorkerRequest.of(JsonNodeFactory.instance.objectNode())
                            .claimTokenChecked(request.headers().firstHeader(WorkerRequest.CLAIM_TOKEN_HEADER));
                    String contentType = request.headers()
                            .contentType()
                            .orElse(MediaType.APPLICATION_OCTET_STREAM)
                            .toString();
                    var artifact = new Artifact(name, contentType, request.bodyToFlux(DataBuffer.class));
                    return worker(request)
                            .flatMap(
                                    worker -> reports.saveArtifact(worker, JobHandler.jobId(request), token, artifact));
                })
                .then(ServerResponse.noContent().build());
    }

    /** A report's caller, job and claim token, read before its own fields. */
    private record Call(Worker worker, UUID id, String token) {}

    private <T> Mono<T> report(
            ServerRequest request, Set<String> fields, BiFunction<Call, WorkerRequest, Mono<T>> then) {
        UUID id = JobHandler.jobId(request);
        String header = request.headers().firstHeader(WorkerRequest.CLAIM_TOKEN_HEADER);
        return request.bodyToMono(JsonNode.class)
                .defaultIfEmpty(JsonNodeFactory.instance.objectNode())
                .zipWith(worker(request))
                .flatMap(bodyAndWorker -> {
                    var body = WorkerRequest.of(bodyAndWorker.getT1(), fields.toArray(String[]::new));
                    String token = body.claimToken(header);
                    return then.apply(new Call(bodyAndWorker.getT2(), id, token), body);
                });
    }

    private static Mono<Worker> worker(ServerRequest request) {
        return request.principal().map(principal -> new Worker(principal.getName(), WorkerGrants.jobTypes(principal)));
    }
}
