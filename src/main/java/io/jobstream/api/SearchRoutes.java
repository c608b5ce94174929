package io.jobstream.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The route of search, beside {@code JobRoutes}: no path here matches a path there, so the
 * order between the two does not matter.
 */
@Configuration(proxyBeanMethods = false)
class SearchRoutes {

    @Bean
    RouterFunction<ServerResponse> searchRouter(SearchHandler search) {
        return RouterFunctions.route().POST("/api/search", search::search).build();
    }
}
