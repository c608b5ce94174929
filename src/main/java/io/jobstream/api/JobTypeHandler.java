package io.jobstream.api;

import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.JobTypes;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The catalog of job types: what each accepts (a JSON Schema), how it retries, how long it may run. */
@Component
class JobTypeHandler {

    private final JobTypes types;

    JobTypeHandler(JobTypes types) {
        this.types = types;
    }

    Mono<ServerResponse> list(ServerRequest request) {
        return Flux.fromIterable(types.all())
                .concatMap(JobTypeHandler::view)
                .collectList()
                .flatMap(all -> ServerResponse.ok().bodyValue(new JobTypeView.ListView(all)));
    }

    /** 404 for a name no type has; an alias answers with the type it names. */
    Mono<ServerResponse> get(ServerRequest request) {
        return Mono.fromSupplier(() -> types.get(request.pathVariable("name")))
                .flatMap(JobTypeHandler::view)
                .flatMap(view -> ServerResponse.ok().bodyValue(view));
    }

    private static Mono<JobTypeView> view(JobType type) {
        return type.capabilities()
                .map(capabilities -> JobTypeView.of(type, capabilities))
                .defaultIfEmpty(JobTypeView.of(type, null));
    }
}
