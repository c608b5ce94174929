package io.jobstream.api;

import io.jobstream.jobtype.JobTypes;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The catalog of job types: what each accepts (a JSON Schema), how it retries, how long it may run. */
@Component
class JobTypeHandler {

    private final JobTypes types;

    JobTypeHandler(JobTypes types) {
        this.types = types;
    }

    Mono<ServerResponse> list(ServerRequest request) {
        var all = types.all().stream().map(JobTypeView::of).toList();
        return ServerResponse.ok().bodyValue(new JobTypeView.ListView(all));
    }

    /** 404 for a name no type has. */
    Mono<ServerResponse> get(ServerRequest request) {
        return Mono.fromSupplier(() -> types.get(request.pathVariable("name")))
                .flatMap(type -> ServerResponse.ok().bodyValue(JobTypeView.of(type)));
    }
}
