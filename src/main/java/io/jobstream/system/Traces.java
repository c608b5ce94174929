package io.jobstream.system;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * A job's trace across threads, instances and time. A job is submitted in one request (or
 * Kafka record) and run later, elsewhere, by a worker that gets its start command from the
 * outbox relay, and its webhooks are sent later still: so the trace context is not left in
 * thread locals but kept as a W3C {@code traceparent} string, stored with the job, carried on
 * the start command and continued from there. Spans live in the Reactor context
 * ({@link #continued}), never in thread locals, except while a line is logged
 * ({@link #inScope}), which puts the trace and span ids in the log's MDC.
 *
 * <p>Sampling and export are Spring Boot's ({@code management.tracing.*},
 * {@code management.opentelemetry.*}): an unsampled trace still has its ids, and carries them on.
 */
@Component
public final class Traces {

    /** The W3C trace context header, on HTTP requests and Kafka records alike. */
    public static final String TRACEPARENT = "traceparent";

    private static final Pattern W3C = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String SPAN_KEY = Traces.class.getName() + ".span";

    private final Tracer tracer;
    private final Propagator propagator;

    Traces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /**
     * The {@code traceparent} of the span the subscriber runs in: one started by
     * {@link #continued}, or the observation of an HTTP request; null outside any.
     */
    public @Nullable String traceparent(ContextView context) {
        Span span = current(context);
        if (span == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        String traceparent = carrier.get(TRACEPARENT);
        return traceparent != null && W3C.matcher(traceparent).matches() ? traceparent : null;
    }

    /** The trace id of a {@code traceparent}: its 32 hex digits; null if there is none or it is malformed. */
    public static @Nullable String traceId(@Nullable String traceparent) {
        return traceparent != null && W3C.matcher(traceparent).matches() ? traceparent.substring(3, 35) : null;
    }

    /**
     * {@code work} in a new span {@code name} of {@code kind}, the child of {@code traceparent}
     * (a new trace when it is null or malformed), ended when {@code work} ends; the span is
     * {@link #traceparent(ContextView) current} inside it.
     */
    public <T> Mono<T> continued(@Nullable String traceparent, String name, Span.Kind kind, Mono<T> work) {
        return Mono.defer(() -> {
            Span span = start(traceparent, name, kind);
            return work.contextWrite(context -> context.put(SPAN_KEY, span))
                    .doOnError(span::error)
                    .doFinally(signal -> span.end());
        });
    }

    /**
     * {@code work} as a client call in a new span {@code name}, the child of {@code parent}:
     * {@code work} gets that span's {@code traceparent} to send.
     */
    public <T> Mono<T> outgoing(@Nullable String parent, String name, Function<@Nullable String, Mono<T>> work) {
        return continued(
                parent, name, Span.Kind.CLIENT, Mono.deferContextual(context -> work.apply(traceparent(context))));
    }

    /** Runs {@code action} (a log call) with the current span in scope: its ids are in the MDC meanwhile. */
    public void inScope(ContextView context, Runnable action) {
        Span span = current(context);
        if (span == null) {
            action.run();
            return;
        }
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            action.run();
        }
    }

    private Span start(@Nullable String traceparent, String name, Span.Kind kind) {
        String parent = traceparent != null && W3C.matcher(traceparent).matches() ? traceparent : null;
        Span.Builder builder = parent == null
                ? tracer.spanBuilder().setNoParent()
                : propagator.extract(parent, (carrier, key) -> TRACEPARENT.equals(key) ? carrier : null);
        return builder.name(name).kind(kind).start();
    }

    private static @Nullable Span current(ContextView context) {
        Span span = context.getOrDefault(SPAN_KEY, null);
        if (span != null) {
            return span;
        }
        Observation observation = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
        if (observation == null) {
            return null;
        }
        TracingObservationHandler.TracingContext tracing =
                observation.getContextView().get(TracingObservationHandler.TracingContext.class);
        return tracing == null ? null : tracing.getSpan();
    }
}
