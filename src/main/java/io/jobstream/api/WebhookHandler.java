package io.jobstream.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jobstream.webhook.WebhookDelivery;
import io.jobstream.webhook.WebhookSecret;
import io.jobstream.webhook.WebhookService;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Thin HTTP handlers for webhooks: the caller's signing secret, and a job's deliveries. */
@Component
class WebhookHandler {

    private final WebhookService webhooks;

    WebhookHandler(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** The caller's signing secret (also an admin's own: secrets are per owner), created on first use. */
    Mono<ServerResponse> secret(ServerRequest request) {
        return Callers.of(request)
                .flatMap(caller -> webhooks.secret(caller.subject()))
                .flatMap(secret -> ServerResponse.ok().bodyValue(SecretView.of(secret)));
    }

    Mono<ServerResponse> rotateSecret(ServerRequest request) {
        return Callers.of(request)
                .flatMap(caller -> webhooks.rotateSecret(caller.subject()))
                .flatMap(secret -> ServerResponse.ok().bodyValue(SecretView.of(secret)));
    }

    /** The job's deliveries with their attempts, in event order: after event {@code after}, at most {@code limit}. */
    Mono<ServerResponse> deliveries(ServerRequest request) {
        UUID id = JobHandler.jobId(request);
        var parameters = new ParameterReader(request).onlyKnown(Set.of("after", "limit"));
        long after = parameters.number("after", 0, 0);
        int limit = parameters.pageLimit();
        parameters.check();
        return Callers.of(request)
                .flatMap(caller -> webhooks.deliveries(caller, id, after, limit + 1))
                .flatMap(deliveries -> ServerResponse.ok().bodyValue(DeliveryPage.of(deliveries, after, limit)));
    }

    /** 202: the delivery is due again, with the same id; the relay sends it within moments. */
    Mono<ServerResponse> redeliver(ServerRequest request) {
        UUID id = JobHandler.jobId(request);
        UUID deliveryId = JobHandler.uuid(request, "delivery_id");
        return Callers.of(request)
                .flatMap(caller -> webhooks.redeliver(caller, id, deliveryId))
                .flatMap(delivery -> ServerResponse.accepted().bodyValue(delivery));
    }

    /** During a rotation's overlap also the secret still signing beside the new one, and until when. */
    record SecretView(
            String secret,
            Instant createdAt,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String previousSecret,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            Instant previousExpiresAt) {
        static SecretView of(WebhookSecret secret) {
            return new SecretView(secret.value(), secret.createdAt(), secret.previous(), secret.previousExpiresAt());
        }

        /** Never the secrets: Spring's codecs log what they encode at DEBUG. */
        @Override
        public String toString() {
            return "SecretView[createdAt=" + createdAt + ", secret=…]";
        }
    }

    /** A page of a job's deliveries; {@code last_seq} is the {@code after} of the next page. */
    record DeliveryPage(List<WebhookDelivery> deliveries, long lastSeq, boolean hasMore) {
        static DeliveryPage of(List<WebhookDelivery> found, long after, int limit) {
            List<WebhookDelivery> page = found.stream().limit(limit).toList();
            return new DeliveryPage(
                    page, page.isEmpty() ? after : page.getLast().eventSeq(), found.size() > limit);
        }
    }
}
