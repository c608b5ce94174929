package io.jobstream.security;

import reactor.core.publisher.Mono;

/**
 * The port through which the filter chain checks an API key ({@code Authorization: Bearer
 * jsk_...}); the apikey feature implements it. Security only knows the prefix, which tells a key
 * from a JWT: everything else about keys (their format, store and hash) is that feature's.
 */
public interface ApiKeyVerifier {

    /** How every API key begins, so that a bearer token is routed to the keys rather than to the JWT decoder. */
    String PREFIX = "jsk_";

    /**
     * The owner and scopes of a live key: empty for a key that is malformed, unknown, revoked,
     * expired or does not match. Implementations never put the key in an error or a log line.
     */
    Mono<VerifiedKey> verify(String key);
}
