package io.jobstream.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Writes that arrive while earlier ones are on their way go to the database together, as one
 * statement. A request finds a free slot (at most {@code concurrency} statements at once) and
 * goes at once, alone: a lone request waits for nothing. Requests that arrive while every slot
 * is busy queue up, and the next free slot takes up to {@code maxBatch} of them. So the batches
 * grow with the load, and each row costs a fraction of a statement's round trip, parsing and
 * commit.
 *
 * <p>{@code write} answers a result for each request it applied, keyed like the request; a
 * request without a result completes empty (the write's condition did not hold for it), and so
 * does the second of two requests with the same key in one batch. If a
 * statement of several requests fails, each is tried alone, so one bad request fails only
 * itself.
 *
 * @param <T> a request
 * @param <K> what ties a result to its request
 * @param <R> a result
 */
public final class Batcher<T, K, R> {

    private final int maxBatch;
    private final int concurrency;
    private final Function<List<T>, Flux<R>> write;
    private final Function<T, K> requestKey;
    private final Function<R, K> resultKey;
    private final Queue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger busy = new AtomicInteger();
    /** Guards {@link #drain}: one thread takes batches at a time, and no request is left behind. */
    private final AtomicInteger drains = new AtomicInteger();

    public Batcher(
            int maxBatch,
            int concurrency,
            Function<List<T>, Flux<R>> write,
            Function<T, K> requestKey,
            Function<R, K> resultKey) {
        if (maxBatch < 1 || concurrency < 1) {
            throw new IllegalArgumentException("maxBatch and concurrency must be at least 1");
        }
        this.maxBatch = maxBatch;
        this.concurrency = concurrency;
        this.write = write;
        this.requestKey = requestKey;
        this.resultKey = resultKey;
    }

    /** The request's result once its statement has run; empty if the statement did not apply it. */
    public Mono<R> submit(T request) {
        return Mono.create(sink -> {
            queue.add(new Pending<>(request, sink));
            drain();
        });
    }

    private void drain() {
        if (drains.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (!queue.isEmpty() && takeSlot()) {
                List<Pending<T, R>> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
                for (Pending<T, R> next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
                    batch.add(next);
                }
                if (batch.isEmpty()) {
                    busy.decrementAndGet();
                } else {
                    run(batch);
                }
            }
            missed = drains.addAndGet(-missed);
        } while (missed != 0);
    }

    private boolean takeSlot() {
        for (int now = busy.get(); now < concurrency; now = busy.get()) {
            if (busy.compareAndSet(now, now + 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Subscribing here is this class's purpose: the statement belongs to every request of the
     * batch, not to the subscriber of any one, so no single cancellation may stop it.
     */
    private void run(List<Pending<T, R>> batch) {
        writeAll(batch)
                .doFinally(signal -> {
                    busy.decrementAndGet();
                    drain();
                })
                .subscribe(results -> deliver(batch, results), error -> fail(batch, error));
    }

    private Mono<Map<K, R>> writeAll(List<Pending<T, R>> batch) {
        return Flux.defer(() -> write.apply(batch.stream().map(Pending::request).toList()))
                .collectMap(resultKey);
    }

    /** A result goes to one request only: of two claims of the same job in one batch, one wins. */
    private void deliver(List<Pending<T, R>> batch, Map<K, R> results) {
        for (Pending<T, R> pending : batch) {
            R result = results.remove(requestKey.apply(pending.request()));
            if (result == null) {
                pending.sink().success();
            } else {
                pending.sink().success(result);
            }
        }
    }

    private void fail(List<Pending<T, R>> batch, Throwable error) {
        if (batch.size() == 1) {
            batch.getFirst().sink().error(error);
            return;
        }
        for (Pending<T, R> pending : batch) {
            writeAll(List.of(pending))
                    .subscribe(
                            results -> deliver(List.of(pending), results),
                            alone -> pending.sink().error(alone));
        }
    }

    private record Pending<T, R>(T request, MonoSink<R> sink) {}
}
