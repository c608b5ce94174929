package io.jobstream.api;

import io.jobstream.apikey.ApiKey;
import io.jobstream.apikey.ApiKeyService;
import io.jobstream.apikey.IssuedKey;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Thin HTTP handlers for API keys: create (the key answered once), list, revoke. */
@Component
class ApiKeyHandler {

    private final ApiKeyService keys;

    ApiKeyHandler(ApiKeyService keys) {
        this.keys = keys;
    }

    /** 201 with the key itself, the only time it is shown. */
    Mono<ServerResponse> create(ServerRequest request) {
        return JobHandler.body(request)
                .map(ApiKeyRequest::read)
                .zipWith(request.principal())
                .flatMap(asked -> keys.create(asked.getT2(), asked.getT1()))
                .flatMap(issued -> ServerResponse.status(HttpStatus.CREATED).bodyValue(CreatedKey.of(issued)));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        new ParameterReader(request).onlyKnown(Set.of()).check();
        return Callers.of(request)
                .flatMap(caller -> keys.list(caller.subject()))
                .flatMap(found -> ServerResponse.ok().bodyValue(new KeyList(found)));
    }

    /** 204; 404 for a key that is not the caller's (another user's looks like none). */
    Mono<ServerResponse> revoke(ServerRequest request) {
        UUID id = JobHandler.uuid(request, "id");
        return Callers.of(request)
                .flatMap(caller -> keys.revoke(caller.subject(), id))
                .then(ServerResponse.noContent().build());
    }

    record KeyList(List<ApiKey> apiKeys) {}

    /**
     * A created key: its listing fields and {@code key}. {@link #toString} hides the key, which
     * Spring's JSON encoder would otherwise log at DEBUG.
     */
    record CreatedKey(
            UUID id,
            String prefix,
            String name,
            List<String> scopes,
            Instant createdAt,
            @Nullable Instant lastUsedAt,
            @Nullable Instant expiresAt,
            String key) {

        static CreatedKey of(IssuedKey issued) {
            ApiKey key = issued.key();
            return new CreatedKey(
                    key.id(),
                    key.prefix(),
                    key.name(),
                    key.scopes(),
                    key.createdAt(),
                    key.lastUsedAt(),
                    key.expiresAt(),
                    issued.secret());
        }

        @Override
        public String toString() {
            return "CreatedKey[id=" + id + ", prefix=" + prefix + ", key=…]";
        }
    }
}
