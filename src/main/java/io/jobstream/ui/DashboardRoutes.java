package io.jobstream.ui;

import java.net.URI;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The dashboard's page: {@code /} and {@code /ui} lead to {@code /ui/}; every {@code /ui/…}
 * path that is not an asset answers the one page, whose script shows the view the path names
 * ({@code /ui/jobs/{id}} and the others), so that a view's URL can be shared and reloaded.
 * The assets ({@code /ui/assets/…}) are static resources; {@code /ui/config.json} tells the
 * page where to log in. The page carries its Content-Security-Policy, and no referrer leaves
 * it: its address holds the authorization code for a moment after login.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "jobstream.ui.enabled", havingValue = "true", matchIfMissing = true)
class DashboardRoutes {

    static final String HOME = "/ui/";

    private static final Resource PAGE = new ClassPathResource("static/ui/index.html");

    @Bean
    RouterFunction<ServerResponse> dashboardRouter(DashboardLogin login) {
        return RouterFunctions.route()
                .GET(
                        "/",
                        request -> ServerResponse.temporaryRedirect(URI.create(HOME))
                                .build())
                .GET(
                        "/ui",
                        request -> ServerResponse.temporaryRedirect(URI.create(HOME))
                                .build())
                .GET(
                        "/ui/config.json",
                        request -> ServerResponse.ok()
                                .cacheControl(CacheControl.noStore())
                                .bodyValue(Map.of(
                                        "issuer",
                                        login.issuer(),
                                        "client_id",
                                        login.clientId(),
                                        "scope",
                                        login.scope())))
                .GET(
                        RequestPredicates.path("/ui/**")
                                .and(RequestPredicates.path("/ui/assets/**").negate()),
                        request -> ServerResponse.ok()
                                .contentType(MediaType.TEXT_HTML)
                                .cacheControl(CacheControl.noCache())
                                .header("Content-Security-Policy", login.contentSecurityPolicy())
                                .header("Referrer-Policy", "no-referrer")
                                .bodyValue(PAGE))
                .build();
    }
}
