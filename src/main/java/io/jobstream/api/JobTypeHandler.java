package io.jobstream.api;

import io.jobstream.external.ExternalJobType;
import io.jobstream.external.JobTypeRegistry;
import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.JobTypes;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The catalog of job types: what each accepts (a JSON Schema), how it retries, how long it may
 * run; and, for admins, registering and retiring types whose workers run outside the service.
 */
@Component
class JobTypeHandler {

    private final JobTypes types;
    private final JobTypeRegistry registry;

    JobTypeHandler(JobTypes types, JobTypeRegistry registry) {
        this.types = types;
        this.registry = registry;
    }

    /**
     * The types that take new jobs: built-in and registered; retired ones are left out, but for
     * an admin who asks with {@code retired=true} (the dashboard's catalog shows them to admins).
     */
    Mono<ServerResponse> list(ServerRequest request) {
        return Mono.fromSupplier(() -> retiredParameter(request))
                .zipWith(Callers.of(request))
                .flatMapMany(retiredAndCaller -> Flux.fromIterable(
                        retiredAndCaller.getT1() && retiredAndCaller.getT2().admin() ? withRetired() : types.all()))
                .concatMap(JobTypeHandler::view)
                .collectList()
                .flatMap(all -> ServerResponse.ok().bodyValue(new JobTypeView.ListView(all)));
    }

    /** 404 for a name no type has; an alias answers with the type it names; a retired type shows its {@code retired_at}. */
    Mono<ServerResponse> get(ServerRequest request) {
        return Mono.fromSupplier(() -> types.get(request.pathVariable("name")))
                .flatMap(JobTypeHandler::view)
                .flatMap(view -> ServerResponse.ok().bodyValue(view));
    }

    /** 201 with the type when it is new, 200 when its definition was replaced. */
    Mono<ServerResponse> register(ServerRequest request) {
        String name = request.pathVariable("name");
        return JobHandler.body(request)
                .zipWith(Callers.of(request))
                .flatMap(bodyAndCaller -> registry.register(
                        name, bodyAndCaller.getT1(), bodyAndCaller.getT2().subject()))
                .flatMap(registered -> (registered.created()
                                ? ServerResponse.created(URI.create("/api/job-types/" + name))
                                : ServerResponse.ok())
                        .bodyValue(JobTypeView.of(registered.type(), null)));
    }

    /** 200 with the retired type. */
    Mono<ServerResponse> retire(ServerRequest request) {
        return registry.retire(request.pathVariable("name"))
                .flatMap(retired -> ServerResponse.ok().bodyValue(JobTypeView.of(retired, null)));
    }

    /** {@code retired}: true or false (default); other parameters are refused, as on every list. */
    private static boolean retiredParameter(ServerRequest request) {
        var parameters = new ParameterReader(request).onlyKnown(Set.of("retired"));
        Optional<String> retired = parameters.text("retired");
        if (retired.isPresent()
                && !retired.get().equals("true")
                && !retired.get().equals("false")) {
            parameters.reject("retired", "must be true or false, was '" + retired.get() + "'");
        }
        parameters.check();
        return retired.filter("true"::equals).isPresent();
    }

    private List<JobType> withRetired() {
        Stream<JobType> retired = registry.all().stream()
                .filter(ExternalJobType::retired)
                .filter(type -> !types.isBuiltIn(type.name()))
                .map(JobType.class::cast);
        return Stream.concat(types.all().stream(), retired)
                .sorted(Comparator.comparing(JobType::name))
                .toList();
    }

    private static Mono<JobTypeView> view(JobType type) {
        return type.capabilities()
                .map(capabilities -> JobTypeView.of(type, capabilities))
                .defaultIfEmpty(JobTypeView.of(type, null));
    }
}
