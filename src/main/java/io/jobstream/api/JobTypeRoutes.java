package io.jobstream.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The routes of the job-type catalog and of registering types (admins only: the security
 * chain's {@code RequiredScope}), one line each. Its own table beside {@code JobRoutes}:
 * no path here matches a path there, so the order between the two does not matter.
 */
@Configuration(proxyBeanMethods = false)
class JobTypeRoutes {

    @Bean
    RouterFunction<ServerResponse> jobTypeRouter(JobTypeHandler jobTypes) {
        return RouterFunctions.route()
                .GET("/api/job-types", jobTypes::list)
                .GET("/api/job-types/{name}", jobTypes::get)
                .PUT("/api/job-types/{name}", jobTypes::register)
                .DELETE("/api/job-types/{name}", jobTypes::retire)
                .build();
    }
}
