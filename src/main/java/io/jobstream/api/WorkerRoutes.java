package io.jobstream.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The routes of external workers (scope {@code jobs:work} only: the security chain's
 * {@code RequiredScope}), one line each. No path here matches one of another table.
 */
@Configuration(proxyBeanMethods = false)
class WorkerRoutes {

    @Bean
    RouterFunction<ServerResponse> workerRouter(WorkerHandler workers) {
        return RouterFunctions.route()
                .POST("/api/workers/claim", workers::claim)
                .POST("/api/workers/jobs/{id}/heartbeat", workers::heartbeat)
                .POST("/api/workers/jobs/{id}/progress", workers::progress)
                .POST("/api/workers/jobs/{id}/logs", workers::logs)
                .POST("/api/workers/jobs/{id}/stages/{stage}/complete", workers::completeStage)
                .POST("/api/workers/jobs/{id}/artifacts", workers::saveArtifact)
                .POST("/api/workers/jobs/{id}/complete", workers::complete)
                .POST("/api/workers/jobs/{id}/fail", workers::fail)
                .build();
    }
}
