package io.jobstream.progress;

import io.jobstream.job.Caller;
import io.jobstream.job.Job;
import io.jobstream.job.JobEvent;
import io.jobstream.job.JobService;
import java.util.UUID;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Follows one job: its current state (or what a reconnecting client missed), then each
 * event in order, ending after the terminal one. The wake-ups are subscribed before the
 * first read, and each wake-up reads everything after the last event sent, so nothing falls
 * between the first read and the live part and nothing is sent twice. Wake-ups that arrive
 * during a read are merged into one. The log is read only as fast as the client takes
 * events, so a slow client holds nothing in memory; one that leaves new events unread for
 * longer than {@code max-behind} is closed ({@link Backlog}). All feeds end when the
 * application starts closing; clients resume elsewhere with {@code Last-Event-ID}.
 */
@Service
public class JobFeed {

    private static final int PAGE = 200;

    private final JobService jobs;
    private final JobEventNotifications notifications;
    private final StreamProperties properties;
    private final StreamMetrics metrics;
    private final Sinks.Empty<Void> closing = Sinks.empty();

    JobFeed(JobService jobs, JobEventNotifications notifications, StreamProperties properties, StreamMetrics metrics) {
        this.metrics = metrics;
        this.jobs = jobs;
        this.notifications = notifications;
        this.properties = properties;
    }

    /**
     * The job's current state, then every event after it. Fails with
     * {@code JobNotFoundException} before any item if the caller may see no such job.
     */
    public Flux<JobFeedItem> follow(Caller caller, UUID jobId) {
        return Flux.defer(() -> feed(caller, jobId, Cursor.fromSnapshot()));
    }

    /**
     * Every event after {@code afterSeq} (a client's {@code Last-Event-ID}), then live ones.
     * Empty when the stream has ended: the job has finished and its last event was sent (a
     * browser must then be told to stop reconnecting). Fails with {@code JobNotFoundException}
     * if the caller may see no such job.
     */
    public Mono<Flux<JobFeedItem>> resume(Caller caller, UUID jobId, long afterSeq) {
        return jobs.get(caller, jobId)
                .filter(job -> !(job.status().isTerminal() && job.lastEventSeq() <= afterSeq))
                .map(job -> Flux.defer(() -> feed(caller, jobId, Cursor.after(afterSeq))));
    }

    private Flux<JobFeedItem> feed(Caller caller, UUID jobId, Cursor cursor) {
        Backlog backlog = new Backlog(properties.maxBehind(), metrics::closedBehind);
        return wakeUps(jobId, backlog)
                .concatMap(
                        wakeUp -> {
                            backlog.reading();
                            return cursor.started ? eventsAfter(jobId, cursor) : start(caller, jobId, cursor);
                        },
                        1)
                .takeUntil(JobFeedItem::isTerminal)
                .takeUntilOther(backlog.tooFarBehind())
                .takeUntilOther(closing.asMono());
    }

    /** Live wake-ups, subscribed first, then one to read what is there already. */
    private Flux<JobWakeUp> wakeUps(UUID jobId, Backlog backlog) {
        return Flux.merge(notifications.wakeUpsFor(jobId), Mono.just(JobWakeUp.of(jobId)))
                .doOnNext(wakeUp -> backlog.arrived())
                .onBackpressureLatest();
    }

    /** The first read checks that the caller may see the job. */
    private Flux<JobFeedItem> start(Caller caller, UUID jobId, Cursor cursor) {
        return jobs.get(caller, jobId)
                .doOnNext(job -> cursor.started = true)
                .flatMapMany(job -> cursor.fromSnapshot ? snapshot(job, cursor) : missed(job, cursor));
    }

    private static Flux<JobFeedItem> snapshot(Job job, Cursor cursor) {
        cursor.lastSent = job.lastEventSeq();
        return Flux.just(new JobFeedItem.Snapshot(job));
    }

    private Flux<JobFeedItem> missed(Job job, Cursor cursor) {
        Flux<JobFeedItem> finalState =
                Flux.defer(() -> job.status().isTerminal() ? snapshot(job, cursor) : Flux.empty());
        return eventsAfter(job.id(), cursor).switchIfEmpty(finalState);
    }

    /**
     * A page at a time, read whole before it is sent: a client that stops reading then
     * holds a page in memory, never a database connection. Each page is read again from the
     * start of the loop, so a long replay nests nothing.
     */
    private Flux<JobFeedItem> eventsAfter(UUID jobId, Cursor cursor) {
        return Mono.defer(() -> jobs.eventsAfter(jobId, cursor.lastSent, PAGE).collectList())
                .doOnNext(page -> cursor.more = page.size() == PAGE)
                .flatMapMany(page -> Flux.fromIterable(page).map(event -> {
                    cursor.lastSent = event.seq();
                    return (JobFeedItem) new JobFeedItem.Event(event);
                }))
                .repeat(() -> cursor.more);
    }

    @EventListener(ContextClosedEvent.class)
    void endAllFeeds() {
        closing.tryEmitEmpty();
    }

    /**
     * Where one feed stands. Touched only inside its concatMap, one read at a time, so plain
     * fields suffice; {@code volatile} because successive reads may run on different threads.
     */
    private static final class Cursor {
        final boolean fromSnapshot;
        volatile boolean started;
        volatile long lastSent;
        /** Whether the last page read was full: another follows at once. */
        volatile boolean more;

        private Cursor(boolean fromSnapshot, long lastSent) {
            this.fromSnapshot = fromSnapshot;
            this.lastSent = lastSent;
        }

        static Cursor fromSnapshot() {
            return new Cursor(true, 0);
        }

        static Cursor after(long seq) {
            return new Cursor(false, Math.max(seq, 0));
        }
    }

    /** What a follower receives. */
    public sealed interface JobFeedItem {

        long seq();

        boolean isTerminal();

        /** The job as it is when following starts; {@code seq} is its last event's. */
        record Snapshot(Job job) implements JobFeedItem {
            @Override
            public long seq() {
                return job.lastEventSeq();
            }

            @Override
            public boolean isTerminal() {
                return job.status().isTerminal();
            }
        }

        /** One event of the job's log. */
        record Event(JobEvent event) implements JobFeedItem {
            @Override
            public long seq() {
                return event.seq();
            }

            @Override
            public boolean isTerminal() {
                return event.isTerminal();
            }
        }
    }
}
