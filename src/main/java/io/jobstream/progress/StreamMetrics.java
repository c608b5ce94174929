package io.jobstream.progress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/** Open event streams, messages sent on them, and streams closed for falling behind, per instance. */
@Component
public class StreamMetrics {

    private final AtomicInteger open = new AtomicInteger();
    private final Counter sent;
    private final Counter tooFarBehind;

    StreamMetrics(MeterRegistry meters, JobEventNotifications notifications) {
        Gauge.builder("jobstream.streams.open", open, AtomicInteger::get)
                .description("Server-Sent Event streams open on this instance")
                .register(meters);
        Gauge.builder("jobstream.streams.listeners", notifications, JobEventNotifications::listeners)
                .description("Subscribers of this instance's event notifications: streams and running jobs")
                .register(meters);
        sent = Counter.builder("jobstream.streams.events.sent")
                .description(
                        "Messages sent on Server-Sent Event streams (job events, states, ready), heartbeats not counted")
                .register(meters);
        tooFarBehind = Counter.builder("jobstream.streams.closed.behind")
                .description("Streams closed because their client left new events unread for longer than max-behind")
                .register(meters);
    }

    /** Counts the stream as open while it is subscribed, and each item it sends. */
    public <T> Flux<T> counted(Flux<T> stream) {
        return stream.doOnNext(item -> sent.increment())
                .doOnSubscribe(subscription -> open.incrementAndGet())
                .doFinally(signal -> open.decrementAndGet());
    }

    void closedBehind() {
        tooFarBehind.increment();
    }
}
