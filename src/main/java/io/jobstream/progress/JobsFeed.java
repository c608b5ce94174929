package io.jobstream.progress;

import io.jobstream.job.BatchService;
import io.jobstream.job.BatchSummary;
import io.jobstream.job.Caller;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Follows many jobs at once: all of a caller's jobs (optionally filtered), or one batch.
 * Events come in stream order (transaction, job, seq; see {@link StreamPosition}) and are
 * read from the event log, a page at a time, only as fast as the client takes them; a
 * client that leaves new events unread for too long is closed ({@link Backlog}) and resumes
 * from its last event id. Nothing is missed between the first read and the live part: the
 * wake-ups are subscribed first, and every read starts where the last one ended.
 */
@Service
public class JobsFeed {

    static final int PAGE = 200;

    private final StreamRepository stream;
    private final BatchService batches;
    private final JobEventNotifications notifications;
    private final ReadHorizon horizon;
    private final StreamProperties properties;
    private final StreamMetrics metrics;
    private final Sinks.Empty<Void> closing = Sinks.empty();

    JobsFeed(
            StreamRepository stream,
            BatchService batches,
            JobEventNotifications notifications,
            ReadHorizon horizon,
            StreamProperties properties,
            StreamMetrics metrics) {
        this.metrics = metrics;
        this.stream = stream;
        this.batches = batches;
        this.notifications = notifications;
        this.horizon = horizon;
        this.properties = properties;
    }

    /**
     * The caller's events that match {@code filter}: after {@code after} (a client's
     * {@code Last-Event-ID}), or from now, announced by a {@link JobsFeedItem.Ready} that
     * carries the position to resume from. Never ends on its own.
     */
    public Flux<JobsFeedItem> follow(Caller caller, StreamFilter filter, @Nullable StreamPosition after) {
        return Flux.defer(() -> {
            Reader reader = new Reader(caller, filter, after);
            return guarded(
                    wakeUps(reader)
                            .concatMap(
                                    wakeUp -> {
                                        reader.backlog.reading();
                                        return reader.position != null
                                                ? reader.catchUp()
                                                : streamStart()
                                                        .doOnNext(position -> reader.position = position)
                                                        .map(JobsFeedItem.Ready::new);
                                    },
                                    1),
                    reader);
        });
    }

    /**
     * A batch: its state (counts and progress) first, then its jobs' events, each run of
     * them followed by the batch's new state; ends after the state in which every job has
     * finished and every event of the batch has been sent. Resumed after {@code after}, the
     * missed events come first, then the state. Fails with {@code NotFoundException} before
     * any item if the caller may see no such batch.
     */
    public Flux<JobsFeedItem> followBatch(Caller caller, UUID batchId, @Nullable StreamPosition after) {
        return Flux.defer(() -> {
            Reader reader = new Reader(caller, StreamFilter.batch(batchId), after);
            return guarded(
                            wakeUps(reader)
                                    .concatMap(
                                            wakeUp -> {
                                                reader.backlog.reading();
                                                return reader.opened
                                                        ? reader.catchUp()
                                                                .concatWith(
                                                                        batchStateIfChanged(caller, batchId, reader))
                                                        : openBatch(caller, batchId, reader);
                                            },
                                            1),
                            reader)
                    .takeUntil(item -> item instanceof JobsFeedItem.BatchState state && state.last());
        });
    }

    /**
     * {@link #followBatch} resumed after {@code after}. Empty when the stream has ended: every
     * job of the batch has finished and every event of it was sent before {@code after}.
     */
    public Mono<Flux<JobsFeedItem>> resumeBatch(Caller caller, UUID batchId, StreamPosition after) {
        return batches.summary(caller, batchId)
                .zipWhen(batch -> stream.batchHasEventsAfter(batchId, after))
                .filter(batch -> !batch.getT1().tally().finished() || batch.getT2())
                .map(batch -> followBatch(caller, batchId, after));
    }

    private Flux<JobsFeedItem> openBatch(Caller caller, UUID batchId, Reader reader) {
        // only whether the caller may see it: its state is read once the stream has a position
        Mono<Void> visible = batches.check(caller, batchId).doOnSuccess(found -> reader.opened = true);
        if (reader.position != null) {
            return visible.thenMany(reader.catchUp()).concatWith(Mono.defer(() -> batchState(caller, batchId, reader)));
        }
        return visible.then(streamStart())
                .doOnNext(start -> {
                    reader.position = start;
                    reader.lastSent = start;
                    reader.readableBelow = start.txid();
                })
                .flatMapMany(start -> batchState(caller, batchId, reader)
                        .concatWith(Flux.defer(
                                () -> reader.catchUp().concatWith(batchStateIfChanged(caller, batchId, reader)))));
    }

    /** A new state after events went out, or while the batch has finished but its last events are not readable yet. */
    private Flux<JobsFeedItem> batchStateIfChanged(Caller caller, UUID batchId, Reader reader) {
        return Flux.defer(
                () -> reader.delivered || reader.finishing ? batchState(caller, batchId, reader) : Mono.empty());
    }

    /**
     * The batch as it is now. A finished batch is sent only once the stream has read past
     * the batch's newest event, and then it is the last state; until then (an older
     * transaction still runs) nothing is sent and the stream waits for the horizon to pass
     * that event. The status is read before the newest event: every job that the status
     * shows finished has its last event in that second read.
     */
    private Mono<JobsFeedItem> batchState(Caller caller, UUID batchId, Reader reader) {
        StreamPosition at = Objects.requireNonNull(reader.lastSent, "a batch stream has a position once open");
        reader.delivered = false;
        return batches.summary(caller, batchId)
                .flatMap(batch -> stream.batchLastEventTxid(batchId).flatMap(newestTxid -> {
                    boolean finished = batch.tally().finished();
                    boolean allSent = newestTxid < reader.readableBelow;
                    reader.finishing = finished && !allSent;
                    if (reader.finishing) {
                        reader.announced(newestTxid);
                        horizon.await(newestTxid);
                        return Mono.empty();
                    }
                    return Mono.just(new JobsFeedItem.BatchState(batch, at, finished));
                }));
    }

    /** The reader's wake-ups, subscribed before anything is read, then one to read what is there. */
    private Flux<Boolean> wakeUps(Reader reader) {
        Flux<Boolean> announced = notifications
                .wakeUpsOf(reader.caller)
                .filter(wakeUp -> wakeUp.concerns(reader.caller, reader.filter.batchId()))
                .doOnNext(wakeUp -> reader.announced(wakeUp.txid()))
                .map(wakeUp -> true);
        Flux<Boolean> readable = horizon.advances().filter(reader::waitsFor).map(advance -> true);
        return Flux.merge(announced, readable, Mono.just(true))
                .doOnNext(wakeUp -> reader.backlog.arrived())
                .onBackpressureLatest();
    }

    private Flux<JobsFeedItem> guarded(Flux<JobsFeedItem> feed, Reader reader) {
        return feed.takeUntilOther(reader.backlog.tooFarBehind()).takeUntilOther(closing.asMono());
    }

    /** Where a stream that starts now begins: everything before it is past. */
    private Mono<StreamPosition> streamStart() {
        return stream.horizon().map(StreamPosition::before);
    }

    @EventListener(ContextClosedEvent.class)
    void endAllFeeds() {
        closing.tryEmitEmpty();
    }

    /**
     * Where one stream stands. Its fields are touched by one read at a time (inside
     * concatMap), and by wake-ups; {@code volatile} because those run on different threads.
     */
    private final class Reader {
        final Caller caller;
        final StreamFilter filter;
        final Backlog backlog = new Backlog(properties.maxBehind(), metrics::closedBehind);
        /** Where the next read starts; null until the stream has opened. */
        volatile @Nullable StreamPosition position;
        /** The last event sent (or where the client resumed): what a batch state is "after". */
        volatile @Nullable StreamPosition lastSent;
        /** The newest transaction announced (or seen committed beyond a read's horizon), and the horizon of the last read. */
        final AtomicLong newest = new AtomicLong();

        volatile long readableBelow;
        /** Whether the last page read was full: another follows at once. */
        volatile boolean more;

        volatile boolean opened;
        /** Whether events went out since the last batch state. */
        volatile boolean delivered;
        /** Whether the batch has finished but events of it are still to be read. */
        volatile boolean finishing;

        Reader(Caller caller, StreamFilter filter, @Nullable StreamPosition after) {
            this.caller = caller;
            this.filter = filter;
            this.position = after;
            this.lastSent = after;
        }

        void announced(long txid) {
            newest.accumulateAndGet(txid, Math::max);
        }

        /** True when the horizon has moved past an announced event this reader could not read yet. */
        boolean waitsFor(long newHorizon) {
            long announced = newest.get();
            return announced >= readableBelow && announced < newHorizon;
        }

        /**
         * Reads page after page until nothing readable is left: one page in memory at a
         * time, each read again from the start of the loop (no nesting however many pages).
         */
        Flux<JobsFeedItem> catchUp() {
            return Mono.defer(() -> stream.events(caller, filter, position(), PAGE))
                    .doOnNext(page -> more = page.full())
                    .flatMapMany(page -> Flux.fromIterable(page.events())
                            .<JobsFeedItem>map(event -> {
                                position = event.position();
                                lastSent = event.position();
                                delivered = true;
                                return new JobsFeedItem.Event(event);
                            })
                            .doOnComplete(() -> passed(page)))
                    .repeat(() -> more);
        }

        /**
         * After a page that was not full, every match below its horizon has been sent: the
         * next read starts at the horizon, and what is committed or announced beyond it is
         * awaited.
         */
        private void passed(StreamPage page) {
            if (page.full()) {
                return;
            }
            readableBelow = page.horizon();
            StreamPosition horizonStart = StreamPosition.before(page.horizon());
            if (position().isBefore(horizonStart)) {
                position = horizonStart;
            }
            announced(page.beyond());
            long waitingFor = newest.get();
            if (waitingFor >= page.horizon()) {
                horizon.await(waitingFor);
            }
        }

        private StreamPosition position() {
            StreamPosition current = position;
            return current != null ? current : StreamPosition.before(0);
        }
    }

    /** What a follower of many jobs receives. */
    public sealed interface JobsFeedItem {

        /** Where a stream resumes after this item. */
        StreamPosition position();

        /** A stream that starts now: resume from here. */
        record Ready(StreamPosition position) implements JobsFeedItem {}

        /** One event of one job. */
        record Event(StreamEvent event) implements JobsFeedItem {
            @Override
            public StreamPosition position() {
                return event.position();
            }
        }

        /**
         * A batch's counts and progress, after the events up to {@code position}; {@code last}
         * when every job has finished (then all their events have been sent).
         */
        record BatchState(BatchSummary batch, StreamPosition position, boolean last) implements JobsFeedItem {}
    }
}
