package io.jobstream.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Every route of the jobs API, one line each. {@code /api/jobs/events} and batch routes come before {@code /api/jobs/{id}}. */
@Configuration(proxyBeanMethods = false)
class JobRoutes {

    @Bean
    RouterFunction<ServerResponse> jobRouter(
            JobHandler jobs,
            BatchHandler batches,
            DocumentHandler documents,
            ArtifactHandler artifacts,
            StreamHandler streams,
            ApiDocs docs) {
        return RouterFunctions.route()
                .GET("/api/jobs", jobs::list)
                .GET("/api/jobs/events", streams::jobs)
                .GET("/api/jobs/counts", jobs::counts)
                .POST("/api/jobs", jobs::submit)
                .POST("/api/jobs/batch", batches::submit)
                .GET("/api/jobs/batch/{batch_id}", batches::get)
                .DELETE("/api/jobs/batch/{batch_id}", batches::cancel)
                .GET("/api/jobs/batch/{batch_id}/events", streams::batch)
                .GET("/api/jobs/{id}", jobs::get)
                .DELETE("/api/jobs/{id}", jobs::cancel)
                .POST("/api/jobs/{id}/rerun", jobs::rerun)
                .GET("/api/jobs/{id}/logs", jobs::logs)
                .GET("/api/jobs/{id}/documents", documents::list)
                .GET("/api/jobs/{id}/artifacts", artifacts::list)
                .GET("/api/jobs/{id}/artifacts/{name}", artifacts::content)
                .GET("/api/jobs/{id}/events", asksForJson(), jobs::eventLog)
                .GET("/api/jobs/{id}/events", streams::job)
                .GET("/api/jobs/{id}/download-archive", jobs::archive)
                .GET("/api/history/jobs", jobs::list)
                .GET("/api/history/jobs/{id}", jobs::get)
                .DELETE("/api/history/jobs/{id}", jobs::delete)
                .POST("/api/stream-tokens", streams::token)
                .GET("/v3/api-docs", docs::json)
                .GET("/v3/api-docs.yaml", docs::yaml)
                .build();
    }

    /** Accept names JSON itself; a bare {@code *}{@code /*} (curl, browsers) gets the stream. */
    private static RequestPredicate asksForJson() {
        return request -> request.headers().accept().stream()
                .anyMatch(type -> type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON));
    }
}
