package io.jobstream.jobtype;

import io.jobstream.system.InvalidInputException;
import io.jobstream.system.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Every {@link JobType} bean, by name. */
@Component
public class JobTypes {

    private final Map<String, JobType> byName = new TreeMap<>();

    JobTypes(List<JobType> types) {
        for (JobType type : types) {
            if (byName.putIfAbsent(type.name(), type) != null) {
                throw new IllegalStateException("Two job types are named " + type.name());
            }
        }
    }

    public Optional<JobType> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * The type named {@code name}, after checking {@code payload} against it.
     *
     * @throws InvalidInputException naming {@code type} or each bad payload field
     */
    public JobType validate(String name, JsonNode payload) {
        JobType type = find(name).orElseThrow(() -> InvalidInputException.of("type",
                "unknown job type '" + name + "'; known types: " + String.join(", ", names())));
        List<Violation> violations = new ArrayList<>(type.schema().validate(payload));
        if (violations.isEmpty()) {
            violations.addAll(type.validate(payload));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return type;
    }
}
