package io.jobstream.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Every route of the API keys API, one line each. Listing needs {@code jobs:read}, creating and
 * revoking {@code jobs:write}, as every {@code GET} and {@code POST}/{@code DELETE} does
 * (security's RequiredScope).
 */
@Configuration(proxyBeanMethods = false)
class ApiKeyRoutes {

    @Bean
    RouterFunction<ServerResponse> apiKeyRouter(ApiKeyHandler keys) {
        return RouterFunctions.route()
                .POST("/api/api-keys", keys::create)
                .GET("/api/api-keys", keys::list)
                .DELETE("/api/api-keys/{id}", keys::revoke)
                .build();
    }
}
