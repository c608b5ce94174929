package io.jobstream.api;

import io.jobstream.job.BatchService;
import io.jobstream.job.JobSubmissions;
import io.jobstream.job.SubmissionReader;
import java.net.URI;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Thin HTTP handlers for batches of jobs. */
@Component
class BatchHandler {

    private final JobSubmissions submissions;
    private final BatchService batches;
    private final SubmissionReader reader;
    private final ApiProperties properties;

    BatchHandler(JobSubmissions submissions, BatchService batches, SubmissionReader reader, ApiProperties properties) {
        this.submissions = submissions;
        this.batches = batches;
        this.reader = reader;
        this.properties = properties;
    }

    /** Validated as a whole: one bad job rejects the batch and its index is named. */
    Mono<ServerResponse> submit(ServerRequest request) {
        return Mono.zip(
                        JobHandler.body(request).map(body -> reader.batch(body, properties.maxBatchSize())),
                        Callers.of(request))
                .flatMap(batch -> submissions.submitBatch(
                        batch.getT2(), batch.getT1().name(), batch.getT1().jobs()))
                .flatMap(batch -> ServerResponse.created(URI.create("/api/jobs/batch/" + batch.id()))
                        .bodyValue(BatchView.of(batch)));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        UUID id = JobHandler.uuid(request, "batch_id");
        return Callers.of(request)
                .flatMap(caller -> batches.batch(caller, id))
                .flatMap(batch -> ServerResponse.ok().bodyValue(BatchView.of(batch)));
    }

    /** Cancels what is still active; the batch afterwards. */
    Mono<ServerResponse> cancel(ServerRequest request) {
        UUID id = JobHandler.uuid(request, "batch_id");
        return Callers.of(request)
                .flatMap(caller -> batches.cancel(caller, id))
                .flatMap(batch -> ServerResponse.ok().bodyValue(BatchView.of(batch)));
    }
}
