package io.jobstream.progress;

import io.jobstream.job.Caller;
import io.jobstream.job.Job;
import io.jobstream.job.JobEvent;
import io.jobstream.job.JobService;
import java.util.List;
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
 * first read, and each read starts after the last event sent, so nothing falls between the
 * first read and the live part and nothing is sent twice. The state a read starts from is
 * an immutable {@link Round}, handed from one read to the next. The log is read a page at a
 * time, and only as fast as the client takes events: a slow client holds a page or two in
 * memory, never a connection, and one that leaves new events unread for longer than
 * {@code max-behind} is closed ({@link Backlog}). All feeds end when the application starts
 * closing; clients resume elsewhere with {@code Last-Event-ID}.
 */
@Service
public class SingleJobFeed {

    static final int PAGE = 200;

    private final JobService jobs;
    private final JobEventNotifications notifications;
    private final StreamProperties properties;
    private final StreamMetrics metrics;
    private final Sinks.Empty<Void> closing = Sinks.empty();

    SingleJobFeed(
            JobService jobs, JobEventNotifications notifications, StreamProperties properties, StreamMetrics metrics) {
        this.jobs = jobs;
        this.notifications = notifications;
        this.properties = properties;
        this.metrics = metrics;
    }

    /**
     * The job's current state, then every event after it. Fails with
     * {@code JobNotFoundException} before any item if the caller may see no such job.
     */
    public Flux<JobFeedItem> follow(Caller caller, UUID jobId) {
        return Flux.defer(() -> feed(jobId, jobs.get(caller, jobId).map(Round::snapshot)));
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
                .map(job -> Flux.defer(() -> feed(jobId, read(jobId, Math.max(afterSeq, 0)))));
    }

    /** The wake-ups first, then {@code first} and every read after it. */
    private Flux<JobFeedItem> feed(UUID jobId, Mono<Round> first) {
        Backlog backlog = new Backlog(properties.maxBehind(), metrics::closedBehind);
        Flux<JobFeedItem> wakeUps = notifications
                .wakeUpsFor(jobId)
                .doOnNext(wakeUp -> backlog.arrived())
                .thenMany(Flux.empty());
        Flux<JobFeedItem> items =
                first.expand(round -> next(jobId, round, backlog)).concatMapIterable(Round::items, 1);
        // prefetch 1: nothing is read ahead of the client, so one that stops reading stays behind
        return Flux.merge(1, wakeUps, items)
                .takeUntil(JobFeedItem::isTerminal)
                .takeUntilOther(backlog.tooFarBehind())
                .takeUntilOther(closing.asMono());
    }

    /** The next page at once after a full one, else at the next wake-up. */
    private Mono<Round> next(UUID jobId, Round round, Backlog backlog) {
        Mono<Round> read = Mono.defer(() -> read(jobId, round.lastSent()));
        return round.full() ? read : backlog.nextWakeUp().then(read);
    }

    /** A page read whole before it is sent: a client that stops reading holds a page, never a connection. */
    private Mono<Round> read(UUID jobId, long afterSeq) {
        return jobs.eventsAfter(jobId, afterSeq, PAGE).collectList().map(page -> Round.of(page, afterSeq));
    }

    @EventListener(ContextClosedEvent.class)
    void endAllFeeds() {
        closing.tryEmitEmpty();
    }

    /** What one read sends, the last seq sent so far, and whether its page came full (another follows at once). */
    private record Round(List<JobFeedItem> items, long lastSent, boolean full) {

        static Round snapshot(Job job) {
            return new Round(List.of(new JobFeedItem.Snapshot(job)), job.lastEventSeq(), false);
        }

        static Round of(List<JobEvent> page, long afterSeq) {
            return new Round(
                    page.stream().<JobFeedItem>map(JobFeedItem.Event::new).toList(),
                    page.isEmpty() ? afterSeq : page.getLast().seq(),
                    page.size() == PAGE);
        }
    }
}
