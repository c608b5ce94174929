package io.jobstream.jobtype;

import io.jobstream.system.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a kind of job does. Declare one as a Spring bean and it is known by its name to the
 * API, to Kafka submissions and to the workers. The last stage's output is the job's result.
 * {@code GET /api/job-types} shows each type as this interface describes it; the retry policy
 * and time limits it shows are those for a payload that sets no optional field ({@code {}}),
 * so those methods must not assume required fields.
 */
public interface JobType {

    /** The {@code type} clients submit; lower case, unique. */
    String name();

    /** Other names clients may submit it by (the seed APIs' names); a job is stored under {@link #name}. */
    default List<String> aliases() {
        return List.of();
    }

    /**
     * The uploaded files the payload names, by field path ({@code payload.documents[2].file_id}):
     * the submitter must own each one, or the submission is refused as if the file did not
     * exist. Called after the payload passed its schema.
     */
    default Map<String, UUID> fileReferences(JsonNode payload) {
        return Map.of();
    }

    /**
     * What this instance can do for the type, for the catalog ({@code GET /api/job-types}): such
     * as whether OCR is installed and in which languages. Empty when there is nothing to say.
     */
    default Mono<JsonNode> capabilities() {
        return Mono.empty();
    }

    /** One or two sentences for a catalog: what the type does. */
    String description();

    /**
     * The payload as a JSON Schema (2020-12) document; submissions are checked against it
     * before anything is stored. It is compiled once, at start-up. Built-in types set
     * {@code "additionalProperties": false}, so that a misspelt field never passes silently,
     * and give each property a {@code description}. Beyond the schema the server refuses
     * strings with NUL characters (PostgreSQL cannot store them) and whatever
     * {@link #validate} refuses.
     */
    JsonNode payloadSchema();

    /**
     * The names of the stages, in order, for display. A type whose stages depend on the
     * payload shows a pattern, such as {@code ["stage-1", "…", "stage-N"]}, and its
     * description says what N is.
     */
    List<String> stageNames();

    /**
     * Whether workers outside this service run the type's stages (a type registered at run
     * time, {@link RegisteredJobType}): such jobs wait {@code queued} until a worker claims
     * them; the start commands that feed this service's own workers never carry them.
     */
    default boolean external() {
        return false;
    }

    /** What kind of result the job produces ({@code result_type}; lists filter on it). */
    default String resultType() {
        return "json";
    }

    /** Checks that span fields (which JSON Schema cannot say), after the schema passed. */
    default List<Violation> validate(JsonNode payload) {
        return List.of();
    }

    /** How retryable failures are retried; a non-retryable failure, or the last attempt's, is final. */
    default RetryPolicy retryPolicy(JsonNode payload) {
        return RetryPolicy.DEFAULT;
    }

    /** The longest one stage may run for this payload before it fails with {@code TIMEOUT}. */
    default Duration stageTimeout(JsonNode payload) {
        return Duration.ofMinutes(30);
    }

    /** The longest one attempt at the whole job may run before it fails with {@code TIMEOUT}. */
    default Duration jobTimeout(JsonNode payload) {
        return Duration.ofHours(2);
    }

    /** The stages to run, in order, for one (valid) payload. */
    List<Stage> stages(JsonNode payload);

    /** A JSON document on the class path next to {@code type}, such as its payload schema. */
    static JsonNode readResource(Class<? extends JobType> type, String name) {
        try (InputStream in = type.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name + " next to " + type.getName());
            }
            return JsonMapper.shared().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
