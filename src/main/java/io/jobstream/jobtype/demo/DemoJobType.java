package io.jobstream.jobtype.demo;

import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.RetryPolicy;
import io.jobstream.jobtype.Stage;
import io.jobstream.jobtype.StageContext;
import io.jobstream.system.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code demo}: n stages of t milliseconds each, optionally failing at one of them. It
 * exercises the whole engine without doing real work, for demos, tests and benchmarks.
 */
@Component
class DemoJobType implements JobType {

    /**
     * A JSON file beside this class rather than a text block: editors check it against its
     * {@code $schema}, and it reads as what {@code GET /api/job-types/demo} serves.
     * {@code DemoJobTypeTest} keeps its {@code error_code} enum equal to {@link ErrorCode}.
     */
    private static final JsonNode SCHEMA = JobType.readResource(DemoJobType.class, "payload.schema.json");

    private static final Duration BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String description() {
        return "n stages (stage-1 … stage-N, N = stages) of t milliseconds each, optionally failing at one of"
                + " them: exercises the engine without doing real work, for demos, tests and benchmarks.";
    }

    @Override
    public JsonNode payloadSchema() {
        return SCHEMA;
    }

    /** As many as the payload's {@code stages}: shown as a pattern. */
    @Override
    public List<String> stageNames() {
        return List.of("stage-1", "…", "stage-N");
    }

    /** Quick retries, so that demos and tests do not wait. */
    @Override
    public RetryPolicy retryPolicy(JsonNode payload) {
        return new RetryPolicy(payload.path("max_attempts").asInt(3), BACKOFF, MAX_BACKOFF, 0.2);
    }

    @Override
    public Duration stageTimeout(JsonNode payload) {
        return millis(payload, "stage_timeout_ms", JobType.super.stageTimeout(payload));
    }

    @Override
    public Duration jobTimeout(JsonNode payload) {
        return millis(payload, "job_timeout_ms", JobType.super.jobTimeout(payload));
    }

    private static Duration millis(JsonNode payload, String field, Duration otherwise) {
        JsonNode value = payload.path(field);
        return value.isNumber() ? Duration.ofMillis(value.longValue()) : otherwise;
    }

    @Override
    public List<Violation> validate(JsonNode payload) {
        int stages = payload.get("stages").intValue();
        JsonNode failAt = payload.get("fail_at_stage");
        if (failAt != null && !failAt.isNull() && failAt.intValue() > stages) {
            return List.of(new Violation("payload.fail_at_stage", "must be at most stages (" + stages + ")"));
        }
        return List.of();
    }

    @Override
    public List<Stage> stages(JsonNode payload) {
        int count = payload.get("stages").intValue();
        return IntStream.rangeClosed(1, count)
                .mapToObj(number -> new Stage("stage-" + number, context -> run(context, payload)))
                .toList();
    }

    private static Mono<JsonNode> run(StageContext context, JsonNode payload) {
        Duration duration = Duration.ofMillis(payload.path("stage_ms").asLong(0));
        if (failsNow(context, payload)) {
            ErrorCode code = ErrorCode.valueOf(payload.path("error_code").asString(ErrorCode.INTERNAL_ERROR.name()));
            boolean retryable = payload.path("retryable").asBoolean(payload.has("fail_times"));
            return Mono.delay(duration)
                    .then(Mono.error(new JobFailure(
                            code,
                            "demo failure at stage " + context.stageNumber() + " (attempt " + context.attempt() + ")",
                            retryable)));
        }
        JsonNode output = JsonNodeFactory.instance.objectNode().put("stages_completed", context.stageNumber());
        Mono<Void> artifact = wantsArtifact(context, payload) ? context.saveArtifact(report(context)) : Mono.empty();
        return Mono.delay(duration).then(artifact).thenReturn(output);
    }

    /** {@code fail_at_stage} (stage 1 when only {@code fail_times} is given), on the first {@code fail_times} attempts. */
    private static boolean failsNow(StageContext context, JsonNode payload) {
        boolean failing = payload.has("fail_at_stage") || payload.has("fail_times");
        int stage = payload.path("fail_at_stage").asInt(1);
        int times = payload.path("fail_times").asInt(Integer.MAX_VALUE);
        return failing && stage == context.stageNumber() && context.attempt() <= times;
    }

    private static boolean wantsArtifact(StageContext context, JsonNode payload) {
        return payload.path("artifact").asBoolean(false) && context.stageNumber() == context.stageCount();
    }

    private static Artifact report(StageContext context) {
        String text = "demo report: " + context.stageCount() + " stage(s) completed\n";
        return Artifact.of("report.txt", "text/plain", text.getBytes(StandardCharsets.UTF_8));
    }
}
