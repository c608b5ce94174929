package io.jobstream.progress;

import io.jobstream.job.Caller;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Reads for the streams of many jobs ({@link AllJobsFeed}, {@link BatchFeed}): a page at a
 * time from a {@link StreamCursor}, in stream order, only as fast as the client takes
 * events; and the wake-ups of one stream: the announcements of its jobs' events, and the
 * advances of the read horizon past an event it was told of but could not read yet.
 */
@Component
class StreamReader {

    static final int PAGE = 200;

    private final StreamRepository stream;
    private final JobEventNotifications notifications;
    private final ReadHorizon horizon;
    private final StreamProperties properties;
    private final StreamMetrics metrics;
    private final Sinks.Empty<Void> closing = Sinks.empty();

    StreamReader(
            StreamRepository stream,
            JobEventNotifications notifications,
            ReadHorizon horizon,
            StreamProperties properties,
            StreamMetrics metrics) {
        this.stream = stream;
        this.notifications = notifications;
        this.horizon = horizon;
        this.properties = properties;
        this.metrics = metrics;
    }

    /** What one stream keeps beside its cursor: the wake-ups no read has covered, and what it has been told. */
    record Follower(Caller caller, StreamFilter filter, Backlog backlog, Announcements announcements) {}

    Follower follower(Caller caller, StreamFilter filter) {
        return new Follower(
                caller, filter, new Backlog(properties.maxBehind(), metrics::closedBehind), new Announcements());
    }

    /** One page after the cursor, and the cursor after it. */
    record Page(List<StreamEvent> events, StreamCursor next, boolean full) {

        List<JobsFeedItem> items() {
            return events.stream().<JobsFeedItem>map(JobsFeedItem.Event::new).toList();
        }
    }

    /**
     * The page after {@code cursor}. After a page that is not full, every match below its
     * horizon has been read: the next read starts at the horizon, and what is committed or
     * announced beyond it is awaited.
     */
    Mono<Page> read(Follower follower, StreamCursor cursor) {
        return stream.events(follower.caller(), follower.filter(), cursor.next(), PAGE)
                .doOnNext(page -> passed(page, follower.announcements()))
                .map(page -> new Page(page.events(), next(cursor, page), page.full()));
    }

    private static StreamCursor next(StreamCursor cursor, StreamPage page) {
        StreamCursor after = cursor.after(page.events());
        return page.full() ? after : after.atLeast(StreamPosition.before(page.horizon()));
    }

    private void passed(StreamPage page, Announcements announcements) {
        if (page.full()) {
            return;
        }
        announcements.readBelow(page.horizon());
        announcements.announced(page.beyond());
        long waitingFor = announcements.newest();
        if (waitingFor >= page.horizon()) {
            horizon.await(waitingFor);
        }
    }

    /** The stream waits until transaction {@code txid}'s events are readable: the horizon is watched until then. */
    void awaitReadable(Follower follower, long txid) {
        follower.announcements().announced(txid);
        horizon.await(txid);
    }

    /** Where a stream that starts now begins: everything before it is past. */
    Mono<StreamPosition> start() {
        return stream.horizon().map(StreamPosition::before);
    }

    /** The newest transaction that wrote an event of the batch's jobs (0 if none). */
    Mono<Long> batchLastEventTxid(UUID batchId) {
        return stream.batchLastEventTxid(batchId);
    }

    /** Whether the batch's jobs have events after {@code after}. */
    Mono<Boolean> batchHasEventsAfter(UUID batchId, StreamPosition after) {
        return stream.batchHasEventsAfter(batchId, after);
    }

    /**
     * The stream: its wake-ups subscribed first (into its backlog; they send nothing), then
     * {@code items}; ended when the client falls too far behind or the application closes.
     */
    Flux<JobsFeedItem> followed(Follower follower, @Nullable UUID batchId, Flux<JobsFeedItem> items) {
        Flux<JobsFeedItem> wakeUps = Flux.merge(announced(follower, batchId), readable(follower))
                .doOnNext(wakeUp -> follower.backlog().arrived())
                .thenMany(Flux.empty());
        // prefetch 1: nothing is read ahead of the client, so one that stops reading stays behind
        return Flux.merge(1, wakeUps, items)
                .takeUntilOther(follower.backlog().tooFarBehind())
                .takeUntilOther(closing.asMono());
    }

    private Flux<Long> announced(Follower follower, @Nullable UUID batchId) {
        return notifications
                .wakeUpsOf(follower.caller())
                .filter(wakeUp -> wakeUp.concerns(follower.caller(), batchId))
                .doOnNext(wakeUp -> follower.announcements().announced(wakeUp.txid()))
                .map(JobWakeUp::txid);
    }

    private Flux<Long> readable(Follower follower) {
        return horizon.advances().filter(follower.announcements()::waitsFor);
    }

    /** The next read after a page: at once after a full one, else at the next wake-up. */
    <T> Mono<T> whenDue(Follower follower, boolean full, Mono<T> read) {
        return full ? read : follower.backlog().nextWakeUp().then(read);
    }

    @EventListener(ContextClosedEvent.class)
    void endAllFeeds() {
        closing.tryEmitEmpty();
    }
}
