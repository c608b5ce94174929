package io.jobstream.ui;

import java.net.URI;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where the dashboard logs in: the configured issuer, else the one whose tokens the API
 * accepts ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}), as the public
 * client {@code jobstream.ui.client-id} asking for {@code jobstream.ui.scope}.
 */
@Component
class DashboardLogin {

    private final String issuer;
    private final DashboardProperties properties;

    DashboardLogin(DashboardProperties properties, Environment environment) {
        this.properties = properties;
        String configured = properties.issuer();
        this.issuer = configured != null && !configured.isBlank()
                ? configured
                : environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "");
    }

    String issuer() {
        return issuer;
    }

    String clientId() {
        return properties.clientId();
    }

    String scope() {
        return properties.scope();
    }

    /**
     * The page's Content-Security-Policy: scripts, styles and everything else only from
     * jobstream itself (no inline script or style anywhere), connections to jobstream and the
     * issuer (discovery and the token endpoint), no framing.
     */
    String contentSecurityPolicy() {
        String origin = issuerOrigin();
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " font-src 'self'; connect-src 'self'" + (origin.isEmpty() ? "" : " " + origin) + ";"
                + " manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /** The issuer's origin ({@code https://login.example.com}), which the page may call; empty without an issuer. */
    private String issuerOrigin() {
        if (issuer.isBlank()) {
            return "";
        }
        URI uri = URI.create(issuer);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
