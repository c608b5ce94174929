package io.jobstream.external;

import io.jobstream.jobtype.JobTypes;
import io.jobstream.system.InvalidInputException;
import io.jobstream.system.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Registers and retires job types at run time ({@code PUT} and {@code DELETE
 * /api/job-types/{name}}). A change is in force on the instance that made it before it is
 * answered, and on every other instance as soon as it hears the announcement
 * ({@link RegisteredTypesSnapshot}). Built-in names and aliases are reserved.
 */
@Service
public class JobTypeRegistry {

    /** Lower case, as built-in names are; dots and dashes allow namespaces ({@code acme.invoice-ocr}). */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,62}");

    private final RegistrationRepository registrations;
    private final RegisteredTypesSnapshot snapshot;
    private final JobTypes types;

    JobTypeRegistry(RegistrationRepository registrations, RegisteredTypesSnapshot snapshot, JobTypes types) {
        this.registrations = registrations;
        this.snapshot = snapshot;
        this.types = types;
    }

    /** A type as registered, and whether this call created it (rather than changed it). */
    public record Registered(ExternalJobType type, boolean created) {}

    /**
     * Registers {@code name} with the definition in {@code body}, or replaces its definition
     * (and takes back a retirement). New submissions are checked against the new schema; jobs
     * already stored keep their payload, and run under the new limits from their next attempt.
     *
     * @throws InvalidInputException naming {@code name} (not a valid name, or a built-in
     *     type's) or each bad field of the body
     */
    public Mono<Registered> register(String name, JsonNode body, String registeredBy) {
        return Mono.fromCallable(() -> DefinitionReader.read(checkedName(name), body))
                .flatMap(checked -> registrations
                        .save(name, checked.definition().toJson(), registeredBy)
                        .map(saved -> new Registered(ExternalJobType.of(saved, checked), saved.created())))
                .doOnNext(registered -> snapshot.put(registered.type()));
    }

    /**
     * Retires a registered type: it takes no new jobs; the jobs it has run on. Retiring a
     * retired type again changes nothing.
     *
     * @throws InvalidInputException naming {@code name} for a built-in type
     * @throws NotFoundException for a name never registered
     */
    public Mono<ExternalJobType> retire(String name) {
        return Mono.fromCallable(() -> checkedName(name))
                .flatMap(registrations::retire)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("No registered job type '" + name + "'")))
                .map(ExternalJobType::of)
                .doOnNext(snapshot::put);
    }

    /** A registered type, retired too, as this instance knows it. */
    public Optional<ExternalJobType> find(String name) {
        return snapshot.external(name);
    }

    /** Every registered type this instance knows, retired ones too: their jobs still run. */
    public List<ExternalJobType> all() {
        return snapshot.all();
    }

    private String checkedName(String name) {
        if (types.isBuiltIn(name)) {
            throw InvalidInputException.of(
                    "name", "'" + name + "' is a built-in job type; only types registered at run time can be changed");
        }
        if (!NAME.matcher(name).matches()) {
            throw InvalidInputException.of(
                    "name",
                    "must be 1 to 63 characters: a lower-case letter, then lower-case letters, digits, '_', '.' or '-'");
        }
        return name;
    }
}
