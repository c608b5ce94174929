package io.jobstream.jobtype.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobTypes;
import io.jobstream.jobtype.RetryPolicy;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The demo type's JSON Schema answers exactly as its payload checks always did. */
class DemoJobTypeTest {

    private final DemoJobType demo = new DemoJobType();
    private final JobTypes types = new JobTypes(List.of(demo));

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            {}                                        | payload.stages           | is required
            {"stages": "three"}                       | payload.stages           | must be an integer
            {"stages": 2.5}                           | payload.stages           | must be an integer
            {"stages": null}                          | payload.stages           | must be an integer
            {"stages": 0}                             | payload.stages           | must be at least 1
            {"stages": 1001}                          | payload.stages           | must be at most 1000
            {"stages": 1e19}                          | payload.stages           | must be at most 1000
            {"stages": -1e30}                         | payload.stages           | must be at least 1
            {"stages": 2, "stage_ms": -1}             | payload.stage_ms         | must be at least 0
            {"stages": 2, "stage_ms": 3600001}        | payload.stage_ms         | must be at most 3600000
            {"stages": 2, "fail_at_stage": 0}         | payload.fail_at_stage    | must be at least 1
            {"stages": 2, "fail_at_stage": 3}         | payload.fail_at_stage    | must be at most stages (2)
            {"stages": 2, "error_code": 7}            | payload.error_code       | must be a string
            {"stages": 2, "artifact": "yes"}          | payload.artifact         | must be true or false
            {"stages": 2, "fail_times": 101}          | payload.fail_times       | must be at most 100
            {"stages": 2, "retryable": 1}             | payload.retryable        | must be true or false
            {"stages": 2, "max_attempts": 11}         | payload.max_attempts     | must be at most 10
            {"stages": 2, "stage_timeout_ms": 0}      | payload.stage_timeout_ms | must be at least 1
            {"stages": 2, "job_timeout_ms": 86400001} | payload.job_timeout_ms   | must be at most 86400000
            """)
    void badFieldIsNamedWithAPlainMessage(String payload, String field, String message) {
        assertThat(violations(payload)).containsExactly(new Violation(field, message));
    }

    @Test
    void unknownErrorCodeListsTheCodes() {
        assertThat(violations("{\"stages\": 2, \"error_code\": \"OOPS\"}"))
                .containsExactly(new Violation(
                        "payload.error_code",
                        "must be one of TIMEOUT, PARSE_ERROR, VALIDATION_ERROR, QUOTA_EXCEEDED, INTERNAL_ERROR,"
                                + " OCR_ERROR, FETCH_ERROR"));
    }

    @Test
    void unknownFieldListsTheKnownOnesAndViolationsComeByField() {
        assertThat(violations("{\"stagez\": 1, \"stage_ms\": -1}"))
                .containsExactly(
                        new Violation("payload.stage_ms", "must be at least 0"),
                        new Violation("payload.stages", "is required"),
                        new Violation(
                                "payload.stagez",
                                "is not a field of this job type; known: stages, stage_ms, "
                                        + "fail_at_stage, error_code, artifact, fail_times, retryable, max_attempts, "
                                        + "stage_timeout_ms, job_timeout_ms"));
    }

    @Test
    void integralNumbersWrittenWithAFractionAreIntegersAsJsonSchemaSays() {
        JsonNode payload = json("{\"stages\": 3.0, \"stage_timeout_ms\": 1e3}");

        assertThat(violations(payload.toString())).isEmpty();
        assertThat(demo.stages(payload)).hasSize(3);
        assertThat(demo.stageTimeout(payload)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void errorCodesOfTheSchemaAreTheErrorCodes() {
        assertThat(demo.payloadSchema()
                        .at("/properties/error_code/enum")
                        .valueStream()
                        .map(JsonNode::asString))
                .containsExactlyElementsOf(
                        Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
    }

    @Test
    void everyFieldIsDescribed() {
        assertThat(demo.payloadSchema().get("properties").properties())
                .allSatisfy(
                        field -> assertThat(field.getValue().path("description").asString())
                                .isNotBlank());
    }

    @Test
    void catalogShowsTheDefaultsOfAPayloadWithoutOptionalFields() {
        JsonNode none = json("{}");

        assertThat(demo.retryPolicy(none))
                .isEqualTo(new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), 0.2));
        assertThat(demo.stageTimeout(none)).isEqualTo(Duration.ofMinutes(30));
        assertThat(demo.jobTimeout(none)).isEqualTo(Duration.ofHours(2));
        assertThat(demo.stageNames()).containsExactly("stage-1", "…", "stage-N");
    }

    private List<Violation> violations(String payload) {
        try {
            types.validate("demo", json(payload));
            return List.of();
        } catch (InvalidInputException e) {
            return e.violations();
        }
    }

    private static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }
}
