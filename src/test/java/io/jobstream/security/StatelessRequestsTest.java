package io.jobstream.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import reactor.core.scheduler.Schedulers;

/**
 * An API request needs no thread of Reactor's {@code boundedElastic} scheduler, which the
 * blocking adapters share: with every one of its threads busy, requests are still answered
 * at once. Spring Security's default request cache made each request create a WebSession,
 * which is done on that scheduler; queued behind busy threads, requests waited until one was
 * free (seen as claims of external workers not answering for 45 s while the test's own
 * blocking calls held the threads).
 */
@JobstreamTest
class StatelessRequestsTest {

    @LocalServerPort
    int port;

    @Test
    void requestsAreAnsweredWhileEveryBoundedElasticThreadIsBusy() throws InterruptedException {
        ApiClient client = ApiClient.as("stateless-" + UUID.randomUUID(), port);
        int threads = Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Schedulers.boundedElastic().schedule(() -> {
                busy.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertThat(busy.await(10, TimeUnit.SECONDS)).as("every thread busy").isTrue();

            var answer = client.http()
                    .mutate()
                    .responseTimeout(Duration.ofSeconds(5))
                    .build()
                    .get()
                    .uri("/api/jobs?limit=1")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .returnResult(String.class);
            assertThat(answer.getResponseHeaders().get(HttpHeaders.SET_COOKIE))
                    .as("no session")
                    .isNull();
        } finally {
            release.countDown();
        }
    }
}
