package io.jobstream.api;

import io.jobstream.document.JobDocuments;
import io.jobstream.job.Job;
import io.jobstream.job.JobService;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The documents of a job the caller may see, page by page, in the order the payload named them. */
@Component
class DocumentHandler {

    private final JobService jobs;
    private final JobDocuments documents;

    DocumentHandler(JobService jobs, JobDocuments documents) {
        this.jobs = jobs;
        this.documents = documents;
    }

    Mono<ServerResponse> list(ServerRequest request) {
        UUID id = JobHandler.jobId(request);
        var parameters = new ParameterReader(request).onlyKnown(Set.of("limit", "offset"));
        int limit = parameters.pageLimit();
        int offset = parameters.integer("offset", 0, 0, Integer.MAX_VALUE);
        parameters.check();
        return Callers.of(request)
                .flatMap(caller -> jobs.get(caller, id))
                .flatMap(job -> documents
                        .page(job.id(), offset, limit)
                        .map(DocumentView::of)
                        .collectList()
                        .map(page -> documentPage(job, page, limit, offset)))
                .flatMap(page -> ServerResponse.ok().bodyValue(page));
    }

    private static DocumentPage documentPage(Job job, List<DocumentView> page, int limit, int offset) {
        Integer total = job.documents().total();
        int known = total == null ? 0 : total;
        return new DocumentPage(page, known, limit, offset, offset + page.size() < known);
    }

    /** A page of a job's documents; {@code total} is the job's {@code total_documents} (0 for jobs without documents). */
    record DocumentPage(List<DocumentView> documents, int total, int limit, int offset, boolean hasMore) {}
}
