package io.jobstream.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.web.server.ResponseStatusException;

/**
 * A 401 with its RFC 6750 challenge ({@code WWW-Authenticate: Bearer}, with {@code error}
 * and {@code error_description} when a token was sent but refused). Raised by the security
 * chain so that the one problem mapping writes the body like every other error.
 */
class BearerChallenge extends ResponseStatusException {

    private final HttpHeaders headers = new HttpHeaders();

    BearerChallenge(AuthenticationException cause) {
        super(HttpStatus.UNAUTHORIZED, reason(cause), cause);
        headers.set(HttpHeaders.WWW_AUTHENTICATE, challenge(cause));
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }

    private static String reason(AuthenticationException cause) {
        return cause instanceof OAuth2AuthenticationException
                ? "The access token was refused: " + cause.getMessage()
                : "An access token is required (Authorization: Bearer <token>)";
    }

    private static String challenge(AuthenticationException cause) {
        if (!(cause instanceof OAuth2AuthenticationException oauth
                && oauth.getError() instanceof BearerTokenError error)) {
            return "Bearer";
        }
        List<String> parameters = new ArrayList<>();
        parameters.add("error=\"" + error.getErrorCode() + "\"");
        if (error.getDescription() != null) {
            parameters.add("error_description=\"" + error.getDescription().replace("\"", "'") + "\"");
        }
        if (error.getScope() != null) {
            parameters.add("scope=\"" + error.getScope() + "\"");
        }
        return "Bearer " + String.join(", ", parameters);
    }
}
