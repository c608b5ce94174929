package io.jobstream.apikey;

import io.jobstream.security.ApiKeyVerifier;
import io.jobstream.security.Credentials;
import io.jobstream.security.Scopes;
import io.jobstream.security.VerifiedKey;
import io.jobstream.system.ForbiddenException;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.NotFoundException;
import io.jobstream.system.TooManyRequestsException;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * What callers do with API keys: create one (scopes within their own), list theirs, revoke one;
 * and what the security chain does with one: check it. Keys are per subject, also for admins: an
 * admin's token does not list or revoke other users' keys.
 *
 * <p>Only an OIDC token creates keys: a key that could mint keys would outlive its own revocation
 * through the keys it made, so a leaked key could not be shut out by revoking it.
 */
@Service
public class ApiKeyService implements ApiKeyVerifier {

    /** The scopes a key may carry (those the filter chain checks). */
    public static final Set<String> SCOPES = Set.of(Scopes.READ, Scopes.WRITE, Scopes.ADMIN, Scopes.WORK);

    private final ApiKeyRepository keys;
    private final KeyUses uses;
    private final ApiKeyProperties properties;
    private final Clock clock;

    @Autowired
    ApiKeyService(ApiKeyRepository keys, KeyUses uses, ApiKeyProperties properties) {
        this(keys, uses, properties, Clock.systemUTC());
    }

    ApiKeyService(ApiKeyRepository keys, KeyUses uses, ApiKeyProperties properties, Clock clock) {
        this.keys = keys;
        this.uses = uses;
        this.properties = properties;
        this.clock = clock;
    }

    /** A new key of the caller's: the key itself is in the answer and nowhere else, ever. */
    public Mono<IssuedKey> create(Principal caller, KeyRequest request) {
        return Mono.fromSupplier(() -> checked(caller, request)).flatMap(checked -> store(caller.getName(), checked));
    }

    /** The caller's keys, newest first. */
    public Mono<List<ApiKey>> list(String owner) {
        return keys.list(owner).collectList();
    }

    /** Revokes the caller's key: refused on every instance from the next request. Not found: another's, or none. */
    public Mono<Void> revoke(String owner, UUID id) {
        return keys.delete(owner, id)
                .filter(deleted -> deleted)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("No API key " + id)))
                .then();
    }

    @Override
    public Mono<VerifiedKey> verify(String key) {
        return Mono.justOrEmpty(KeyMaterial.publicId(key))
                .flatMap(keys::find)
                .filter(stored -> stored.matches(KeyMaterial.hash(key)))
                .filter(stored -> stored.liveAt(clock.instant()))
                .doOnNext(this::markUse)
                .map(StoredKey::verified);
    }

    private void markUse(StoredKey stored) {
        if (stored.useDueAt(clock.instant(), properties.lastUsedPrecision())) {
            uses.mark(stored.key().id());
        }
    }

    private KeyRequest checked(Principal caller, KeyRequest request) {
        if (Credentials.isApiKey(caller)) {
            throw ForbiddenException.of("Authorization", "API keys are created with an OIDC token, not with a key");
        }
        Set<String> unknown = new TreeSet<>(request.scopes());
        unknown.removeAll(SCOPES);
        if (!unknown.isEmpty()) {
            throw InvalidInputException.of(
                    "scopes",
                    "unknown scope " + String.join(", ", unknown) + "; known: "
                            + String.join(", ", new TreeSet<>(SCOPES)));
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(clock.instant())) {
            throw InvalidInputException.of("expires_at", "must be in the future");
        }
        Set<String> beyond = new TreeSet<>(request.scopes());
        beyond.removeAll(Credentials.delegable(caller));
        if (!beyond.isEmpty()) {
            throw ForbiddenException.of(
                    "scopes",
                    "your token does not hold " + String.join(", ", beyond) + ": a key gets scopes within yours");
        }
        return request;
    }

    private Mono<IssuedKey> store(String owner, KeyRequest request) {
        KeyMaterial.Generated generated = KeyMaterial.generate();
        return keys.insert(
                        owner,
                        request,
                        generated.publicId(),
                        KeyMaterial.hash(generated.key()),
                        properties.maxPerOwner())
                .switchIfEmpty(Mono.error(() -> new TooManyRequestsException(
                        "You hold " + properties.maxPerOwner() + " API keys, the most allowed: revoke one first",
                        Duration.ZERO)))
                .map(key -> new IssuedKey(key, generated.key()));
    }
}
