package io.jobstream.ui;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The dashboard's Content-Security-Policy: scripts, styles and everything else only from
 * jobstream itself (no inline script or style anywhere), connections to jobstream and the
 * issuer (discovery and the token endpoint), no framing; and no referrer, since the page's
 * address carries the authorization code for a moment after login.
 */
@Component
@ConditionalOnProperty(name = "jobstream.ui.enabled", havingValue = "true", matchIfMissing = true)
class DashboardHeaders implements WebFilter {

    private final String policy;

    DashboardHeaders(DashboardLogin login) {
        String issuer = login.issuerOrigin();
        this.policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " font-src 'self'; connect-src 'self'" + (issuer.isEmpty() ? "" : " " + issuer) + ";"
                + " manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (path.equals("/ui") || path.startsWith("/ui/")) {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("Content-Security-Policy", policy);
            headers.set("Referrer-Policy", "no-referrer");
        }
        return chain.filter(exchange);
    }
}
