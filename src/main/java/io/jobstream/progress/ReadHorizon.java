package io.jobstream.progress;

import io.jobstream.system.PeriodicWork;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The horizon of the stream of many jobs' events, for all streams of this instance: an
 * announced event becomes readable only when every older transaction has ended, which
 * sends no notification. While some stream waits for such an event, this looks every
 * 20 ms, one query for the whole instance, and tells the streams when the horizon moves.
 */
@Component
class ReadHorizon extends PeriodicWork {

    private final StreamRepository stream;
    private final Sinks.Many<Long> advances = Sinks.many().multicast().directBestEffort();
    private final AtomicLong awaited = new AtomicLong();
    private volatile long horizon;

    ReadHorizon(StreamRepository stream) {
        super("Reading the event stream horizon", Duration.ofMillis(20));
        this.stream = stream;
    }

    /**
     * A stream waits until transaction {@code txid} is below the horizon. If the horizon
     * last seen is past it already, it is announced again at once, so that a stream that
     * learnt of {@code txid} after that advance still wakes.
     */
    void await(long txid) {
        awaited.accumulateAndGet(txid, Math::max);
        long current = horizon;
        if (txid < current) {
            advance(current);
        }
    }

    /** Serialised: the poller and the streams that call {@link #await} both announce. */
    private synchronized void advance(long next) {
        advances.tryEmitNext(next);
    }

    /** Each new horizon. Hot. */
    Flux<Long> advances() {
        return advances.asFlux();
    }

    @Override
    protected Mono<Long> runOnce() {
        if (awaited.get() < horizon) {
            return Mono.empty();
        }
        return stream.horizon().filter(next -> next > horizon).doOnNext(next -> {
            horizon = next;
            advance(next);
        });
    }
}
