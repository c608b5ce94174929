package io.jobstream.jobtype;

import io.jobstream.system.InvalidInputException;
import io.jobstream.system.NotFoundException;
import io.jobstream.system.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Every {@link JobType} bean, by name, with its payload schema compiled once, at start-up. */
@Component
public class JobTypes {

    private final Map<String, JobType> byName = new TreeMap<>();
    /** Names and aliases. */
    private final Map<String, JobType> byAnyName = new TreeMap<>();

    private final Map<String, PayloadValidator> validators = new TreeMap<>();

    /** @throws IllegalStateException if two types share a name or alias, or a payload schema is invalid */
    public JobTypes(List<JobType> types) {
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
        var names = new java.util.ArrayList<String>(aliases);
        names.addFirst(name);
        return names;
    }

    /** The type of that name or alias. */
    public Optional<JobType> find(String name) {
        return Optional.ofNullable(byAnyName.get(name));
    }

    /** @throws NotFoundException if there is no type of that name */
    public JobType get(String name) {
        return find(name).orElseThrow(() -> new NotFoundException("No job type '" + name + "'"));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Every type, by name. */
    public List<JobType> all() {
        return List.copyOf(byName.values());
    }

    /**
     * The type named {@code name}, after checking {@code payload} against its schema, then
     * against the type's own checks across fields.
     *
     * @throws InvalidInputException naming {@code type} or each bad payload field, by path
     *         ({@code payload.documents[0].url}), sorted by field
     */
    public JobType validate(String name, JsonNode payload) {
        JobType type = find(name)
                .orElseThrow(() -> InvalidInputException.of(
                        "type", "unknown job type '" + name + "'; known types: " + String.join(", ", names())));
        List<Violation> violations = validators.get(type.name()).validate(payload);
        if (violations.isEmpty()) {
            violations = type.validate(payload);
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return type;
    }
}
