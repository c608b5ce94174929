package io.jobstream.webhook;

import io.jobstream.egress.AddressPolicy;
import io.jobstream.job.WebhookTargets;
import java.net.URI;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Where webhooks may go: the egress {@link AddressPolicy} with
 * {@code jobstream.webhooks.allowed-networks}. The submit path asks here once; the sender's
 * client asks again on every connection.
 */
@Component
class WebhookAddresses implements WebhookTargets {

    private final AddressPolicy policy;

    WebhookAddresses(WebhookProperties properties) {
        this.policy = new AddressPolicy(properties.allowedNetworks(), "webhooks go to public addresses only");
    }

    @Override
    public Mono<String> refusal(URI url) {
        return policy.refusal(url);
    }

    /** A client whose every connection this policy guards. */
    HttpClient httpClient(ConnectionProvider connections) {
        return policy.httpClient(connections);
    }
}
