package io.jobstream.job;

import io.jobstream.system.NotFoundException;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * What callers do with batches once submitted ({@link JobSubmissions#submitBatch}): read one
 * with its jobs or only its tally, and cancel what is still active. A batch the caller may
 * not see is not found, like a job.
 */
@Service
public class BatchService {

    private final BatchRepository batches;

    BatchService(BatchRepository batches) {
        this.batches = batches;
    }

    public Mono<Batch> batch(Caller caller, UUID batchId) {
        return find(caller, batchId)
                .flatMap(row -> batches.findJobs(batchId)
                        .collectList()
                        .map(jobs ->
                                new Batch(row.id(), row.owner(), row.name(), row.jobCount(), row.createdAt(), jobs)));
    }

    /** The batch's status, counts and progress, counted by the database: no job is read. */
    public Mono<BatchSummary> summary(Caller caller, UUID batchId) {
        return find(caller, batchId)
                .flatMap(row -> batches.tally(batchId)
                        .map(tally -> new BatchSummary(
                                row.id(), row.owner(), row.name(), row.jobCount(), row.createdAt(), tally)));
    }

    /** Completes if the caller may see the batch, else fails with {@link NotFoundException}; reads only the batch's row. */
    public Mono<Void> check(Caller caller, UUID batchId) {
        return find(caller, batchId).then();
    }

    /** Cancels the batch's active jobs; the batch afterwards. */
    public Mono<Batch> cancel(Caller caller, UUID batchId) {
        return find(caller, batchId)
                .flatMap(found -> batches.cancel(batchId, caller).then())
                .then(Mono.defer(() -> batch(caller, batchId)));
    }

    private Mono<BatchRepository.BatchRow> find(Caller caller, UUID batchId) {
        return batches.find(batchId, caller)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("No batch " + batchId)));
    }
}
