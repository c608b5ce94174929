package io.jobstream.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.JobstreamTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** One round at a time in the whole cluster: the lock is the database's, whichever instance asks. */
@JobstreamTest
class RetentionLockTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Autowired
    RetentionCleaner cleaner;

    @Autowired
    RetentionLock lock;

    @Autowired
    R2dbcConnectionDetails database;

    @Test
    void whileAnotherInstanceRunsARoundThisOneSkipsItsOwn() throws Exception {
        RetentionLock otherInstance = new RetentionLock(database);
        CountDownLatch holding = new CountDownLatch(1);
        Sinks.Empty<Void> release = Sinks.empty();
        CompletableFuture<Boolean> held = otherInstance
                .ifFree(Mono.fromRunnable(holding::countDown)
                        .then(release.asMono())
                        .thenReturn(true))
                .defaultIfEmpty(false)
                .toFuture();
        await().atMost(TIMEOUT).until(() -> holding.getCount() == 0);

        assertThat(cleaner.round().blockOptional(TIMEOUT))
                .as("a round of this instance")
                .isEmpty();
        assertThat(lock.ifFree(Mono.just("work")).blockOptional(TIMEOUT)).isEmpty();

        release.tryEmitEmpty();
        assertThat(held.get()).isTrue();
        await().atMost(TIMEOUT)
                .until(() ->
                        lock.ifFree(Mono.just("work")).blockOptional(TIMEOUT).isPresent());
    }
}
