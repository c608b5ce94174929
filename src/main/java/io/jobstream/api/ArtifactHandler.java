package io.jobstream.api;

import io.jobstream.job.ArtifactContent;
import io.jobstream.job.ArtifactInfo;
import io.jobstream.job.JobArtifacts;
import io.jobstream.job.JobService;
import io.jobstream.system.NotFoundException;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The files a job kept: listed, and each streamed from storage, whole or one {@code Range}. */
@Component
class ArtifactHandler {

    private final JobService jobs;
    private final JobArtifacts artifacts;

    ArtifactHandler(JobService jobs, JobArtifacts artifacts) {
        this.jobs = jobs;
        this.artifacts = artifacts;
    }

    Mono<ServerResponse> list(ServerRequest request) {
        UUID id = JobHandler.jobId(request);
        return Callers.of(request)
                .flatMap(caller -> jobs.get(caller, id))
                .flatMap(job -> artifacts.list(job.id()).collectList())
                .flatMap(list -> ServerResponse.ok().bodyValue(new ArtifactList(list)));
    }

    Mono<ServerResponse> content(ServerRequest request) {
        UUID id = JobHandler.jobId(request);
        String name = request.pathVariable("name");
        return Callers.of(request)
                .flatMap(caller -> jobs.get(caller, id))
                .flatMap(job -> artifacts.open(job.id(), name))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("Job " + id + " has no artifact '" + name + "'")))
                .flatMap(whole -> respond(request, id, whole));
    }

    private Mono<ServerResponse> respond(ServerRequest request, UUID id, ArtifactContent whole) {
        ArtifactInfo info = whole.info();
        var described = new StoredContent.Described(info.name(), info.contentType(), info.bytes(), info.sha256());
        return StoredContent.respond(
                request,
                described,
                range -> range.whole()
                        ? whole.content()
                        : artifacts
                                .open(id, info.name(), range.offset(), range.length())
                                .flatMapMany(ArtifactContent::content));
    }

    /** {@code {"artifacts": [...]}}, by name. */
    record ArtifactList(List<ArtifactInfo> artifacts) {}
}
