package io.jobstream.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/** A 403 for a valid token without the scope the request needs, with its RFC 6750 challenge. */
class MissingScope extends ResponseStatusException {

    private final HttpHeaders headers = new HttpHeaders();

    MissingScope(ServerWebExchange exchange) {
        this(RequiredScope.of(exchange));
    }

    private MissingScope(String scope) {
        super(HttpStatus.FORBIDDEN, "This request needs the " + scope + " scope (or " + Scopes.ADMIN + ")");
        headers.set(
                HttpHeaders.WWW_AUTHENTICATE,
                "Bearer error=\"insufficient_scope\", scope=\"" + scope + " " + Scopes.ADMIN + "\"");
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }
}
