package io.jobstream.crawl;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The pause a crawl keeps between two requests to one site: a request waits until
 * {@code delay} has passed since the last one to its site ended. Waiting is a Reactor timer,
 * so no thread is held however many sites wait. A crawl visits each site's URLs one after the
 * other, so there is never more than one request to a site at a time.
 */
final class Politeness {

    private final Map<String, Long> lastEnded = new ConcurrentHashMap<>();

    /** Completes when a request to {@code site} may start. */
    Mono<Void> turn(String site, Duration delay) {
        return Mono.defer(() -> {
            Long last = lastEnded.get(site);
            long wait = last == null ? 0 : last + delay.toNanos() - System.nanoTime();
            return wait <= 0 ? Mono.empty() : Mono.delay(Duration.ofNanos(wait)).then();
        });
    }

    /** A request to {@code site} ended (answered, failed or cancelled). */
    void ended(String site) {
        lastEnded.put(site, System.nanoTime());
    }

    /** {@code request} in its turn on {@code site}, the end of it noted. */
    <T> Mono<T> polite(String site, Duration delay, Mono<T> request) {
        return turn(site, delay).then(request).doFinally(signal -> ended(site));
    }
}
