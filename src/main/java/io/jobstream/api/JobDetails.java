package io.jobstream.api;

import io.jobstream.job.Job;
import io.jobstream.job.JobService;
import io.jobstream.webhook.JobRepresentation;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The detail of a job as {@code GET /api/jobs/{id}} answers it, with its latest log lines:
 * for that answer, the archive's {@code job.json}, and the webhooks that carry it.
 */
@Component
class JobDetails implements JobRepresentation {

    private final JobService jobs;
    private final JsonMapper json;

    JobDetails(JobService jobs, JsonMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    Mono<JobView> view(Job job) {
        return jobs.latestLogLines(job.id(), JobView.LOG_LINES).collectList().map(lines -> JobView.of(job, lines));
    }

    @Override
    public Mono<JsonNode> of(Job job) {
        return view(job).map(json::valueToTree);
    }
}
