package io.jobstream.external;

import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.jobtype.PayloadValidator;
import io.jobstream.jobtype.RegisteredJobType;
import io.jobstream.jobtype.RetryPolicy;
import io.jobstream.jobtype.Stage;
import io.jobstream.system.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A job type registered at run time, at one revision of its registration: what the catalog
 * shows, what submissions are checked against, and the limits the engine holds its jobs to
 * (retry policy, stage and job time limits, and how long a worker may go without a heartbeat
 * before it loses the job). Its stages run in workers outside this service; none runs here.
 */
public final class ExternalJobType implements RegisteredJobType {

    private final String name;
    private final TypeDefinition definition;
    private final PayloadValidator payloadValidator;
    private final long revision;
    private final @Nullable Instant retiredAt;
    private final @Nullable PayloadValidator resultValidator;

    ExternalJobType(
            String name,
            TypeDefinition definition,
            PayloadValidator payloadValidator,
            long revision,
            @Nullable Instant retiredAt) {
        this.name = name;
        this.definition = definition;
        this.payloadValidator = payloadValidator;
        this.revision = revision;
        this.retiredAt = retiredAt;
        // checked when the type was registered; compiled once per revision
        JsonNode resultSchema = definition.resultSchema();
        this.resultValidator = resultSchema == null ? null : PayloadValidator.compile(resultSchema);
    }

    /**
     * A stored registration as a type.
     *
     * @throws io.jobstream.system.InvalidInputException if its definition is no longer valid
     */
    static ExternalJobType of(Registration registration) {
        return of(registration, DefinitionReader.read(registration.name(), registration.definition()));
    }

    /** A registration just saved, whose definition was read (and its schema compiled) as {@code checked}. */
    static ExternalJobType of(Registration registration, DefinitionReader.CheckedDefinition checked) {
        return new ExternalJobType(
                registration.name(),
                checked.definition(),
                checked.payloadValidator(),
                registration.revision(),
                registration.retiredAt());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return definition.description();
    }

    @Override
    public JsonNode payloadSchema() {
        return definition.payloadSchema();
    }

    /**
     * The violations of {@code result} against the type's result schema, fields named from
     * {@code result} ({@code result.total}); none if the type has no result schema.
     */
    public List<Violation> resultViolations(JsonNode result) {
        if (resultValidator == null) {
            return List.of();
        }
        // the validator names fields from "payload", which is what it checks on submissions
        return resultValidator.validate(result).stream()
                .map(violation -> new Violation(
                        "result"
                                + violation
                                        .field()
                                        .substring(Math.min(violation.field().length(), "payload".length())),
                        violation.message()))
                .toList();
    }

    /** What the worker's result looks like (JSON Schema 2020-12), if the registration says; for clients to read. */
    public @Nullable JsonNode resultSchema() {
        return definition.resultSchema();
    }

    @Override
    public List<String> stageNames() {
        return definition.stages();
    }

    @Override
    public RetryPolicy retryPolicy(JsonNode payload) {
        return definition.retryPolicy();
    }

    @Override
    public Duration stageTimeout(JsonNode payload) {
        return definition.stageTimeout();
    }

    @Override
    public Duration jobTimeout(JsonNode payload) {
        return definition.jobTimeout();
    }

    /** How long a worker may go without a heartbeat before it loses the job (its lease). */
    public Duration heartbeatTimeout() {
        return definition.heartbeatTimeout();
    }

    /** How workers get its jobs. */
    public Delivery delivery() {
        return definition.delivery();
    }

    /**
     * The stages, by name, for the engine's bookkeeping (stage count, progress). They run in
     * external workers: should one ever be run here, it fails at once and is not retried.
     */
    @Override
    public List<Stage> stages(JsonNode payload) {
        return definition.stages().stream()
                .map(stage -> new Stage(stage, context -> Mono.error(notHere(stage))))
                .toList();
    }

    private JobFailure notHere(String stage) {
        return new JobFailure(
                ErrorCode.INTERNAL_ERROR,
                "stage " + stage + " of the external job type " + name + " runs in its workers, not in jobstream",
                false);
    }

    @Override
    public PayloadValidator payloadValidator() {
        return payloadValidator;
    }

    @Override
    public boolean retired() {
        return retiredAt != null;
    }

    /** When it was retired; null while it takes new jobs. */
    public @Nullable Instant retiredAt() {
        return retiredAt;
    }

    /** Counts the changes of its registration: a higher one is newer. */
    long revision() {
        return revision;
    }

    TypeDefinition definition() {
        return definition;
    }
}
