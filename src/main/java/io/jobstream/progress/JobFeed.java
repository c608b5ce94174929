package io.jobstream.progress;

import io.jobstream.job.Job;
import io.jobstream.job.JobEvent;
import io.jobstream.job.JobService;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Follows one job: its current state first, then each event in order, ending after the
 * terminal one. The wake-ups are subscribed before the first read, and each wake-up reads
 * everything after the last event sent, so nothing falls between the snapshot and the live
 * part and nothing is sent twice. Wake-ups that arrive during a read are merged into one.
 */
@Service
public class JobFeed {

    private final JobService jobs;
    private final JobEventNotifications notifications;

    JobFeed(JobService jobs, JobEventNotifications notifications) {
        this.jobs = jobs;
        this.notifications = notifications;
    }

    /** Fails with {@code JobNotFoundException} before any item if the owner has no such job. */
    public Flux<JobFeedItem> follow(String owner, UUID jobId) {
        return Flux.defer(() -> {
            AtomicLong lastSent = new AtomicLong(-1);
            return Flux.merge(notifications.wakeUpsFor(jobId), Mono.just(JobWakeUp.of(jobId)))
                    .onBackpressureLatest()
                    .concatMap(wakeUp -> catchUp(owner, jobId, lastSent), 1)
                    .takeUntil(JobFeedItem::isTerminal);
        });
    }

    private Flux<JobFeedItem> catchUp(String owner, UUID jobId, AtomicLong lastSent) {
        if (lastSent.get() < 0) {
            return jobs.get(owner, jobId)
                    .doOnNext(job -> lastSent.set(job.lastEventSeq()))
                    .<JobFeedItem>map(JobFeedItem.Snapshot::new)
                    .flux();
        }
        return jobs.eventsAfter(jobId, lastSent.get())
                .doOnNext(event -> lastSent.set(event.seq()))
                .map(JobFeedItem.Event::new);
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
