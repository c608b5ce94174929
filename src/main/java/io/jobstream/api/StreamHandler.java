package io.jobstream.api;

import io.jobstream.progress.AllJobsFeed;
import io.jobstream.progress.BatchFeed;
import io.jobstream.progress.JobFeedItem;
import io.jobstream.progress.JobsFeedItem;
import io.jobstream.progress.SingleJobFeed;
import io.jobstream.progress.StreamFilter;
import io.jobstream.progress.StreamMetrics;
import io.jobstream.progress.StreamPosition;
import io.jobstream.progress.StreamProperties;
import io.jobstream.security.StreamTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Server-Sent Event streams: of one job, of all the caller's jobs, of one batch. Each
 * advises a reconnection delay ({@code retry:}) with its first event, sends a comment
 * heartbeat while idle, and resumes after {@code Last-Event-ID} (or {@code ?after=}).
 * Browsers authenticate with {@code ?stream_token=} (see {@link #token}).
 */
@Component
class StreamHandler {

    /**
     * The answer to a reconnect after the end: 204 tells a browser's EventSource to stop
     * reconnecting (a stream that merely ended would be reopened every {@code retry}).
     */
    private static final Mono<ServerResponse> NOTHING_MORE =
            Mono.defer(() -> ServerResponse.noContent().build());

    private static final Set<String> JOB_PARAMETERS = Set.of("after", "stream_token");
    private static final Set<String> JOBS_PARAMETERS = Set.of("after", "status", "type", "batch_id", "stream_token");

    private final SingleJobFeed jobFeed;
    private final AllJobsFeed allJobsFeed;
    private final BatchFeed batchFeed;
    private final StreamProperties properties;
    private final StreamMetrics metrics;
    private final StreamTokens tokens;

    StreamHandler(
            SingleJobFeed jobFeed,
            AllJobsFeed allJobsFeed,
            BatchFeed batchFeed,
            StreamProperties properties,
            StreamMetrics metrics,
            StreamTokens tokens) {
        this.tokens = tokens;
        this.jobFeed = jobFeed;
        this.allJobsFeed = allJobsFeed;
        this.batchFeed = batchFeed;
        this.properties = properties;
        this.metrics = metrics;
    }

    /**
     * A stream token for the caller, for a browser's {@code EventSource}, which cannot send
     * an {@code Authorization} header: {@code ?stream_token=} on any event stream.
     */
    Mono<ServerResponse> token(ServerRequest request) {
        return Callers.of(request)
                .map(tokens::issue)
                .flatMap(issued -> ServerResponse.ok()
                        .bodyValue(new StreamTokenView(
                                issued.token(),
                                issued.expiresAt(),
                                Duration.between(Instant.now(), issued.expiresAt())
                                        .toSeconds())));
    }

    /** A stream token as the API shows it. */
    record StreamTokenView(String token, Instant expiresAt, long expiresIn) {

        /** Never the token: Spring's codecs log what they encode at DEBUG. */
        @Override
        public String toString() {
            return "StreamTokenView[expiresAt=" + expiresAt + ", token=…]";
        }
    }

    /**
     * One job: the current state, then every event live, ending after the terminal one.
     * Resumed, the events after that id instead of the state (ids are the job's sequence numbers).
     */
    Mono<ServerResponse> job(ServerRequest request) {
        UUID id = JobHandler.jobId(request);
        ParameterReader parameters = new ParameterReader(request).onlyKnown(JOB_PARAMETERS);
        Long after =
                resumeFrom(request, parameters, StreamHandler::sequenceNumber, "an event id (a whole number from 0)");
        parameters.check();
        if (after == null) {
            return stream(Callers.of(request)
                    .flatMapMany(caller -> jobFeed.follow(caller, id))
                    .map(StreamHandler::toServerSentEvent));
        }
        return Callers.of(request)
                .flatMap(caller -> jobFeed.resume(caller, id, after))
                .flatMap(feed -> stream(feed.map(StreamHandler::toServerSentEvent)))
                .switchIfEmpty(NOTHING_MORE);
    }

    /** All the caller's jobs (filters {@code status}, {@code type}, {@code batch_id}); never ends on its own. */
    Mono<ServerResponse> jobs(ServerRequest request) {
        ParameterReader parameters = new ParameterReader(request).onlyKnown(JOBS_PARAMETERS);
        StreamFilter filter = new StreamFilter(
                JobListParameters.statuses(parameters),
                parameters.text("type").orElse(null),
                parameters.uuid("batch_id"));
        StreamPosition after = streamPosition(request, parameters);
        parameters.check();
        return stream(Callers.of(request)
                .flatMapMany(caller -> allJobsFeed.follow(caller, filter, after))
                .map(StreamHandler::toServerSentEvent));
    }

    /** One batch: its state, its jobs' events each followed by the new state; ends when every job has finished. */
    Mono<ServerResponse> batch(ServerRequest request) {
        UUID id = JobHandler.uuid(request, "batch_id");
        ParameterReader parameters = new ParameterReader(request).onlyKnown(JOB_PARAMETERS);
        StreamPosition after = streamPosition(request, parameters);
        parameters.check();
        if (after == null) {
            return stream(Callers.of(request)
                    .flatMapMany(caller -> batchFeed.follow(caller, id))
                    .map(StreamHandler::toServerSentEvent));
        }
        return Callers.of(request)
                .flatMap(caller -> batchFeed.resume(caller, id, after))
                .flatMap(feed -> stream(feed.map(StreamHandler::toServerSentEvent)))
                .switchIfEmpty(NOTHING_MORE);
    }

    /** The first event advises the reconnection delay; heartbeats fill the silences. */
    private Mono<ServerResponse> stream(Flux<ServerSentEvent<Object>> events) {
        Flux<ServerSentEvent<Object>> withRetry = events.index((index, event) -> index == 0 ? withRetry(event) : event);
        Flux<ServerSentEvent<Object>> stream = metrics.counted(withRetry)
                .publish(shared -> Flux.merge(shared, heartbeats().takeUntilOther(shared.ignoreElements())));
        return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(stream, ServerSentEvent.class);
    }

    private ServerSentEvent<Object> withRetry(ServerSentEvent<Object> event) {
        return ServerSentEvent.builder()
                .id(event.id())
                .event(event.event())
                .data(event.data())
                .retry(properties.retry())
                .build();
    }

    private Flux<ServerSentEvent<Object>> heartbeats() {
        return Flux.interval(properties.heartbeat(), properties.heartbeat())
                .onBackpressureDrop()
                .map(tick -> ServerSentEvent.builder().comment("heartbeat").build());
    }

    private static ServerSentEvent<Object> toServerSentEvent(JobFeedItem item) {
        return switch (item) {
            case JobFeedItem.Snapshot snapshot ->
                ServerSentEvent.builder()
                        .id(Long.toString(snapshot.seq()))
                        .event("state")
                        .data((Object) JobView.of(snapshot.job(), List.of()))
                        .build();
            case JobFeedItem.Event event ->
                ServerSentEvent.builder()
                        .id(Long.toString(event.seq()))
                        .event(event.event().kind().wireName())
                        .data((Object) JobEventView.of(event.event()))
                        .build();
        };
    }

    private static ServerSentEvent<Object> toServerSentEvent(JobsFeedItem item) {
        ServerSentEvent.Builder<Object> event =
                ServerSentEvent.builder().id(item.position().token());
        return switch (item) {
            case JobsFeedItem.Ready ready ->
                event.event("ready")
                        .data(Map.of("resume_from", ready.position().token()))
                        .build();
            case JobsFeedItem.Event jobEvent ->
                event.event(jobEvent.event().event().kind().wireName())
                        .data(JobEventView.of(jobEvent.event().event()))
                        .build();
            case JobsFeedItem.BatchState state ->
                event.event("batch").data(BatchStateView.of(state.batch())).build();
        };
    }

    private static @Nullable StreamPosition streamPosition(ServerRequest request, ParameterReader parameters) {
        return resumeFrom(request, parameters, StreamPosition::parse, "an event id of this stream");
    }

    private static Optional<Long> sequenceNumber(String raw) {
        try {
            return Optional.of(Long.parseLong(raw)).filter(seq -> seq >= 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Where a client resumes: {@code Last-Event-ID} (which a browser's EventSource sends when
     * it reconnects), else {@code ?after=}; null when neither is given.
     */
    private static <T> @Nullable T resumeFrom(
            ServerRequest request, ParameterReader parameters, Function<String, Optional<T>> parser, String expected) {
        String header = request.headers().firstHeader("Last-Event-ID");
        boolean fromHeader = header != null && !header.isBlank();
        String name = fromHeader ? "Last-Event-ID" : "after";
        Optional<String> raw = fromHeader ? Optional.of(header.trim()) : parameters.text("after");
        if (raw.isEmpty()) {
            return null;
        }
        Optional<T> value = parser.apply(raw.get());
        if (value.isEmpty()) {
            parameters.reject(name, "must be " + expected + ", was '" + raw.get() + "'");
        }
        return value.orElse(null);
    }
}
