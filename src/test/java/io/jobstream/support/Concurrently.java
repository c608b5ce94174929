package io.jobstream.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking calls of a test (an {@link ApiClient} or {@link HttpWorker} request) run at once,
 * each on a virtual thread of its own. Never on Reactor's {@code boundedElastic} scheduler: the
 * application under test shares it in the same JVM (Spring's WebSession creation, blocking
 * adapters), and test threads blocked on requests there can hold back the very requests they
 * wait for until their client gives up.
 */
public final class Concurrently {

    private Concurrently() {}

    /** The answers of {@code calls}, in their order, all started at once; fails if one fails or they take longer than {@code patience}. */
    public static <T> List<T> call(List<Callable<T>> calls, Duration patience) {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = threads.invokeAll(calls, patience.toMillis(), TimeUnit.MILLISECONDS);
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new AssertionError("a concurrent call failed", e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            throw new AssertionError("the calls took longer than " + patience, new TimeoutException());
        }
    }
}
