package io.jobstream.jobtype;

import io.jobstream.system.InvalidInputException;
import io.jobstream.system.NotFoundException;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Every job type by name: the {@link JobType} beans, with their payload schemas compiled once,
 * at start-up, and the types registered at run time ({@link RegisteredJobTypes}). A built-in
 * name or alias cannot be registered; should a later release bring a built-in type of a name
 * someone registered, the built-in one wins.
 */
@Component
public class JobTypes {

    private final Map<String, JobType> byName = new TreeMap<>();
    /** Names and aliases. */
    private final Map<String, JobType> byAnyName = new TreeMap<>();

    private final Map<String, PayloadValidator> validators = new TreeMap<>();
    private final RegisteredJobTypes registered;

    /** Built-in types only. */
    public JobTypes(List<JobType> types) {
        this(types, RegisteredJobTypes.NONE);
    }

    /** @throws IllegalStateException if two types share a name or alias, or a payload schema is invalid */
    @Autowired
    public JobTypes(List<JobType> types, RegisteredJobTypes registered) {
        this.registered = registered;
        for (JobType type : types) {
            byName.put(type.name(), type);
            for (String name : concat(type.name(), type.aliases())) {
                if (byAnyName.putIfAbsent(name, type) != null) {
                    throw new IllegalStateException("Two job types are named " + name);
                }
            }
            validators.put(type.name(), new PayloadValidator(type));
        }
    }

    private static List<String> concat(String name, List<String> aliases) {
        var names = new ArrayList<String>(aliases);
        names.addFirst(name);
        return names;
    }

    /**
     * The type of that name or alias, a registered one too, also when it is retired (its
     * jobs still run under it).
     */
    public Optional<JobType> find(String name) {
        JobType builtIn = byAnyName.get(name);
        return builtIn != null ? Optional.of(builtIn) : registered.find(name).map(JobType.class::cast);
    }

    /** Whether {@code name} is the name or an alias of a type built into this service. */
    public boolean isBuiltIn(String name) {
        return byAnyName.containsKey(name);
    }

    /** @throws NotFoundException if there is no type of that name */
    public JobType get(String name) {
        return find(name).orElseThrow(() -> new NotFoundException("No job type '" + name + "'"));
    }

    /** The names that take new jobs: the built-in types', then the registered ones'. */
    public List<String> names() {
        return Stream.concat(
                        byName.keySet().stream(),
                        registered.inForce().stream().map(JobType::name).filter(name -> !byAnyName.containsKey(name)))
                .toList();
    }

    /** Every type that takes new jobs (retired ones do not), by name. */
    public List<JobType> all() {
        return Stream.concat(
                        byName.values().stream(),
                        registered.inForce().stream().filter(type -> !byAnyName.containsKey(type.name())))
                .sorted(Comparator.comparing(JobType::name))
                .toList();
    }

    /**
     * The type named {@code name}, after checking {@code payload} against its schema, then
     * against the type's own checks across fields.
     *
     * @throws InvalidInputException naming {@code type} (unknown, or retired) or each bad
     *     payload field, by path ({@code payload.documents[0].url}), sorted by field
     */
    public JobType validate(String name, JsonNode payload) {
        JobType builtIn = byAnyName.get(name);
        if (builtIn != null) {
            return checked(builtIn, validators.get(builtIn.name()).validate(payload), payload);
        }
        RegisteredJobType type = registered
                .find(name)
                .orElseThrow(() -> InvalidInputException.of(
                        "type", "unknown job type '" + name + "'; known types: " + String.join(", ", names())));
        if (type.retired()) {
            throw InvalidInputException.of("type", "job type '" + name + "' is retired: it takes no new jobs");
        }
        return checked(type, type.payloadValidator().validate(payload), payload);
    }

    private static JobType checked(JobType type, List<Violation> schemaViolations, JsonNode payload) {
        List<Violation> violations = schemaViolations.isEmpty() ? type.validate(payload) : schemaViolations;
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return type;
    }
}
