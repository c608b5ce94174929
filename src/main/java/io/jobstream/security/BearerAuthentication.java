package io.jobstream.security;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * The resource server's one authentication manager: a bearer token that starts with the API
 * key prefix is checked as a key, anything else goes to the JWT manager as before. Both end in the
 * same chain, entry point and problem: a refused key is a 401 like a refused JWT. The refusal
 * says nothing of the key (Spring Security logs the message at DEBUG).
 */
final class BearerAuthentication implements ReactiveAuthenticationManager {

    private final ReactiveAuthenticationManager jwts;
    private final ApiKeyVerifier keys;

    BearerAuthentication(ReactiveAuthenticationManager jwts, ApiKeyVerifier keys) {
        this.jwts = jwts;
        this.keys = keys;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof BearerTokenAuthenticationToken bearer)
                || !bearer.getToken().startsWith(ApiKeyVerifier.PREFIX)) {
            return jwts.authenticate(authentication);
        }
        return keys.verify(bearer.getToken())
                .<Authentication>map(ApiKeyAuthentication::new)
                .switchIfEmpty(Mono.error(
                        () -> new InvalidBearerTokenException("The API key is unknown, revoked or expired")));
    }
}
