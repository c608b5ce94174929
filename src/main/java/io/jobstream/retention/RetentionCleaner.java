package io.jobstream.retention;

import io.jobstream.job.JobStatus;
import io.jobstream.retention.RetentionRepository.FileBatch;
import io.jobstream.system.BackgroundWorkProperties;
import io.jobstream.system.PeriodicWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes what has outlived its window ({@link RetentionProperties}): completed, failed and
 * cancelled jobs, then files no kept job names, then the storage objects of all of them. One
 * instance of the cluster runs a round at a time ({@link RetentionLock}); the others skip
 * theirs. A round deletes in batches of {@code batch-size}, each its own short transaction,
 * with a rest after each full batch ({@link RetentionProperties#restAfter}: deleting takes at
 * most {@code busy-share} of the time), until nothing is due (or at most
 * {@link #BATCHES_PER_KIND} batches of each kind, or a stop begins).
 */
@Component
class RetentionCleaner extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(RetentionCleaner.class);

    static final String DELETED = "jobstream.retention.deleted";
    /** The {@code kind} of deleted files; jobs are counted by their status. */
    static final String FILE = "file";

    private static final int BATCHES_PER_KIND = 1000;

    private final RetentionRepository repository;
    private final RetentionLock lock;
    private final ObjectDeletes objects;
    private final RetentionProperties properties;
    private final MeterRegistry meters;
    /** When the deleting since the last rest began ({@link System#nanoTime}); rounds run one at a time. */
    private volatile long busySince;

    RetentionCleaner(
            RetentionRepository repository,
            RetentionLock lock,
            ObjectDeletes objects,
            RetentionProperties properties,
            BackgroundWorkProperties background,
            MeterRegistry meters) {
        super(
                "Deleting jobs and files past their retention",
                properties.interval(),
                background.enabled() && properties.deletesAnything());
        this.repository = repository;
        this.lock = lock;
        this.objects = objects;
        this.properties = properties;
        this.meters = meters;
    }

    /** What one round deleted. */
    record Round(int completed, int failed, int cancelled, int files) {

        static Round of(List<Integer> counts) {
            return new Round(counts.get(0), counts.get(1), counts.get(2), counts.get(3));
        }

        int jobs() {
            return completed + failed + cancelled;
        }
    }

    @Override
    protected Mono<Round> runOnce() {
        return round();
    }

    /** One round, if no other instance runs one now; empty if one does. */
    Mono<Round> round() {
        return lock.ifFree(Mono.defer(this::deleteDue));
    }

    private Mono<Round> deleteDue() {
        long started = System.nanoTime();
        busySince = started;
        return Flux.concat(
                        jobs(JobStatus.COMPLETED, properties.completed()),
                        jobs(JobStatus.FAILED, properties.failed()),
                        jobs(JobStatus.CANCELLED, properties.cancelled()),
                        files(),
                        // what earlier rounds could not delete from storage (each batch deletes its own)
                        objectsDue().then(Mono.<Integer>empty()))
                .collectList()
                .map(Round::of)
                .doOnNext(round -> logRound(round, Duration.ofNanos(System.nanoTime() - started)));
    }

    private Mono<Integer> jobs(JobStatus status, Duration window) {
        if (window.isZero()) {
            return Mono.just(0);
        }
        Counter deleted = counter(status.wireName());
        return whileFull(() -> jobBatch(status, window, deleted), properties.batchSize(), BATCHES_PER_KIND);
    }

    private Mono<Integer> jobBatch(JobStatus status, Duration window, Counter deleted) {
        return repository
                .deleteFinishedJobs(status, window, properties.batchSize())
                .doOnNext(deleted::increment)
                .flatMap(count -> objects.deleteDue(count).then(Mono.defer(() -> pauseIfFull(count))));
    }

    /** The walk over the files past the window, in upload order, a batch at a time. */
    private Mono<Integer> files() {
        if (properties.files().isZero()) {
            return Mono.just(0);
        }
        Counter deleted = counter(FILE);
        return fileBatch(RetentionRepository.FIRST_FILE)
                .expand(batch -> batch.looked() < properties.batchSize() || stopRequested()
                        ? Mono.empty()
                        : pauseIfFull(batch.looked()).then(fileBatch(batch.next())))
                .take(BATCHES_PER_KIND)
                .map(batch -> batch.deletedKeys().size())
                .doOnNext(deleted::increment)
                .reduce(0, Integer::sum);
    }

    private Mono<FileBatch> fileBatch(RetentionRepository.FileCursor after) {
        return repository
                .deleteUnreferencedFiles(properties.files(), after, properties.batchSize())
                .flatMap(batch -> objects.deleteDue(batch.deletedKeys().size()).thenReturn(batch));
    }

    private Mono<Integer> objectsDue() {
        return whileFull(() -> objects.deleteDue(properties.batchSize()), properties.batchSize(), BATCHES_PER_KIND);
    }

    /** {@code count}, after a rest if the batch was full (more is due, most likely). */
    private Mono<Integer> pauseIfFull(int count) {
        if (count < properties.batchSize()) {
            return Mono.just(count);
        }
        Duration rest = properties.restAfter(Duration.ofNanos(System.nanoTime() - busySince));
        return Mono.delay(rest).doOnNext(done -> busySince = System.nanoTime()).thenReturn(count);
    }

    private Counter counter(String kind) {
        return Counter.builder(DELETED)
                .description("Jobs (by status) and files deleted by retention")
                .tag("kind", kind)
                .register(meters);
    }

    private static void logRound(Round round, Duration took) {
        if (round.jobs() + round.files() == 0) {
            return;
        }
        log.info(
                "Retention deleted {} completed, {} failed and {} cancelled job(s) and {} file(s) in {} ms",
                round.completed(),
                round.failed(),
                round.cancelled(),
                round.files(),
                took.toMillis());
    }
}
