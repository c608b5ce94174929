package io.jobstream.job;

import java.net.URI;
import reactor.core.publisher.Mono;

/**
 * Whether jobstream may send webhooks to a URL: a port, so that the submit path can refuse
 * a URL before the job is stored without knowing how addresses are judged. The webhook
 * package implements it (and checks again, on every connection, when it sends).
 */
public interface WebhookTargets {

    /** Empty if webhooks may go to {@code url}; otherwise why not, in words a client can show. */
    Mono<String> refusal(URI url);
}
