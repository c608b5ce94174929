package io.jobstream.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Every route of the files API, one line each. */
@Configuration(proxyBeanMethods = false)
class FileRoutes {

    @Bean
    RouterFunction<ServerResponse> fileRouter(FileHandler files) {
        return RouterFunctions.route()
                .POST("/api/files", files::upload)
                .GET("/api/files", files::list)
                .GET("/api/files/{id}", files::get)
                .GET("/api/files/{id}/content", files::content)
                .DELETE("/api/files/{id}", files::delete)
                .build();
    }
}
