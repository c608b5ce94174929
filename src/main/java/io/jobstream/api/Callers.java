package io.jobstream.api;

import io.jobstream.job.Caller;
import io.jobstream.security.Scopes;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** The caller of a request, from its validated token. */
final class Callers {

    private Callers() {}

    static Mono<Caller> of(ServerRequest request) {
        return request.principal().map(principal -> new Caller(principal.getName(), Scopes.isAdmin(principal)));
    }
}
