package io.jobstream.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Every route of the jobs API, one line each. */
@Configuration(proxyBeanMethods = false)
class JobRoutes {

    @Bean
    RouterFunction<ServerResponse> jobRouter(JobHandler jobs) {
        return RouterFunctions.route()
                .POST("/api/jobs", jobs::submit)
                .GET("/api/jobs/{id}", jobs::get)
                .GET("/api/jobs/{id}/events", jobs::events)
                .build();
    }
}
