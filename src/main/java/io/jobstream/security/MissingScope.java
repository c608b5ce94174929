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
        super(HttpStatus.FORBIDDEN, "This request needs the " + scope + " scope" + orAdmin(scope, " (or ", ")"));
        headers.set(
                HttpHeaders.WWW_AUTHENTICATE,
                "Bearer error=\"insufficient_scope\", scope=\"" + scope + orAdmin(scope, " ", "") + "\"");
    }

    /**
     * Admin, between {@code before} and {@code after}, where admin would also do; nothing where
     * only admin does, nor for the workers' scope, which admin does not imply.
     */
    private static String orAdmin(String scope, String before, String after) {
        return scope.equals(Scopes.ADMIN) || scope.equals(Scopes.WORK) ? "" : before + Scopes.ADMIN + after;
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }
}
