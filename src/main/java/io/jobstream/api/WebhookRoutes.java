package io.jobstream.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Every route of the webhooks API, one line each. Its own table beside {@code JobRoutes}: no
 * path here matches a path there, so the order between the two does not matter.
 */
@Configuration(proxyBeanMethods = false)
class WebhookRoutes {

    @Bean
    RouterFunction<ServerResponse> webhookRouter(WebhookHandler webhooks) {
        return RouterFunctions.route()
                .GET("/api/webhook-secret", webhooks::secret)
                .POST("/api/webhook-secret/rotate", webhooks::rotateSecret)
                .GET("/api/jobs/{id}/webhook-deliveries", webhooks::deliveries)
                .POST("/api/jobs/{id}/webhook-deliveries/{delivery_id}/redeliver", webhooks::redeliver)
                .build();
    }
}
