package io.jobstream.jobtype.demo;

import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.jobtype.JobType;
import io.jobstream.jobtype.PayloadSchema;
import io.jobstream.jobtype.RetryPolicy;
import io.jobstream.jobtype.Stage;
import io.jobstream.jobtype.StageContext;
import io.jobstream.system.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
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

    private static final PayloadSchema SCHEMA = PayloadSchema.builder()
            .integer("stages", true, 1, 1000, "number of stages to run")
            .integer("stage_ms", false, 0, 3_600_000, "how long each stage takes, in milliseconds (default 0)")
            .integer("fail_at_stage", false, 1, 1000, "fail when this stage (1-based) runs")
            .string("error_code", false, Arrays.stream(ErrorCode.values()).map(Enum::name).toList(),
                    "the error code of that failure (default INTERNAL_ERROR)")
            .bool("artifact", false, "the last stage keeps a small report.txt artifact (default false)")
            .integer("fail_times", false, 1, 100, "fail only the first m attempts, then succeed (default: every attempt)")
            .bool("retryable", false, "whether the failure may be retried (default: true with fail_times, else false)")
            .integer("max_attempts", false, 1, 10, "attempts in all before a retryable failure is final (default 3)")
            .integer("stage_timeout_ms", false, 1, 86_400_000, "time limit of each stage (default 30 minutes)")
            .integer("job_timeout_ms", false, 1, 86_400_000, "time limit of one attempt at the job (default 2 hours)")
            .build();
    private static final Duration BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public PayloadSchema schema() {
        return SCHEMA;
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
        return value.isIntegralNumber() ? Duration.ofMillis(value.longValue()) : otherwise;
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
                    .then(Mono.error(new JobFailure(code, "demo failure at stage " + context.stageNumber()
                            + " (attempt " + context.attempt() + ")", retryable)));
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
        return new Artifact("report.txt", "text/plain", text.getBytes(StandardCharsets.UTF_8));
    }
}
