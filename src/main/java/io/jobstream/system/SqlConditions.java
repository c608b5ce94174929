package io.jobstream.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * The WHERE clause of a filtered read and its parameters, built from the filters that are
 * set: each condition names its own parameter, so a filter that is not given adds nothing.
 */
public final class SqlConditions {

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    /** Starts with a condition that takes no parameter of its own, or whose parameters the caller binds. */
    public SqlConditions(String first) {
        conditions.add(first);
    }

    /** {@code column = :parameter}, when {@code value} is set. */
    public SqlConditions equal(String column, String parameter, @Nullable Object value) {
        return value == null ? this : add(column + " = :" + parameter, parameter, value);
    }

    /** {@code column = any(:parameter)}, when {@code values} is not empty. */
    public SqlConditions anyOf(String column, String parameter, String[] values) {
        return values.length == 0 ? this : add(column + " = any(:" + parameter + ")", parameter, values);
    }

    /** A condition with one parameter, when {@code value} is set. */
    public SqlConditions where(String condition, String parameter, @Nullable Object value) {
        return value == null ? this : add(condition, parameter, value);
    }

    private SqlConditions add(String condition, String parameter, Object value) {
        conditions.add(condition);
        parameters.put(parameter, value);
        return this;
    }

    /** The conditions joined with {@code and}. */
    public String sql() {
        return String.join(" and ", conditions);
    }

    public GenericExecuteSpec bindTo(GenericExecuteSpec spec) {
        for (var parameter : parameters.entrySet()) {
            spec = spec.bind(parameter.getKey(), parameter.getValue());
        }
        return spec;
    }
}
