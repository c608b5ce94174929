package io.jobstream.api;

import io.jobstream.job.JobCursor;
import io.jobstream.job.JobQuery;
import io.jobstream.job.JobSort;
import io.jobstream.job.JobStatus;
import io.jobstream.system.InvalidInputException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The query parameters of {@code GET /api/jobs}, checked and turned into a {@link JobQuery};
 * and those of {@code GET /api/jobs/counts}, its filters without status, sort and page.
 */
final class JobListParameters {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    private static final Set<String> KNOWN = Set.of(
            "status",
            "type",
            "batch_id",
            "result_type",
            "created_from",
            "created_to",
            "owner",
            "original_job_id",
            "sort",
            "order",
            "limit",
            "offset",
            "cursor");
    /** Names other job APIs use for the same statuses. */
    private static final Map<String, JobStatus> ALIASES =
            Map.of("pending", JobStatus.QUEUED, "running", JobStatus.PROCESSING);

    private JobListParameters() {}

    static JobQuery parse(ServerRequest request) {
        var parameters = new ParameterReader(request).onlyKnown(KNOWN);
        Set<JobStatus> statuses = statuses(parameters);
        JobCursor cursor = parameters
                .text("cursor")
                .map(token -> decode(parameters, token))
                .orElse(null);
        JobSort sort = parameters
                .parse(
                        "sort",
                        JobListParameters::sort,
                        "one of "
                                + Arrays.stream(JobSort.values())
                                        .map(JobSort::wireName)
                                        .collect(Collectors.joining(", ")))
                .orElse(cursor == null ? JobSort.CREATED_AT : cursor.sort());
        boolean ascending = parameters
                .parse("order", JobListParameters::ascending, "asc or desc")
                .orElse(cursor != null && cursor.ascending());
        int limit = parameters.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = parameters.integer("offset", 0, 0, Integer.MAX_VALUE);
        if (cursor != null && (cursor.sort() != sort || cursor.ascending() != ascending)) {
            parameters.reject("cursor", "was issued for another sort or order; keep them, or start again without it");
        }
        if (cursor != null && offset > 0) {
            parameters.reject("offset", "cannot be combined with cursor; use one way of paging");
        }
        var query = new JobQuery(
                statuses,
                parameters.text("type").orElse(null),
                parameters.uuid("batch_id"),
                parameters.text("result_type").orElse(null),
                parameters.instant("created_from"),
                parameters.instant("created_to"),
                parameters.text("owner").orElse(null),
                parameters.uuid("original_job_id"),
                sort,
                ascending,
                limit,
                offset,
                cursor);
        parameters.check();
        return query;
    }

    /** The filters of {@code GET /api/jobs/counts}: a query of every status, in no particular order. */
    static JobQuery counts(ServerRequest request) {
        var parameters = new ParameterReader(request)
                .onlyKnown(Set.of("type", "batch_id", "result_type", "created_from", "created_to", "owner"));
        var query = new JobQuery(
                Set.of(),
                parameters.text("type").orElse(null),
                parameters.uuid("batch_id"),
                parameters.text("result_type").orElse(null),
                parameters.instant("created_from"),
                parameters.instant("created_to"),
                parameters.text("owner").orElse(null),
                null,
                JobSort.CREATED_AT,
                false,
                1,
                0,
                null);
        parameters.check();
        return query;
    }

    private static @Nullable JobCursor decode(ParameterReader parameters, String token) {
        try {
            return JobCursor.decode(token);
        } catch (InvalidInputException e) {
            parameters.reject("cursor", e.violations().getFirst().message());
            return null;
        }
    }

    static Set<JobStatus> statuses(ParameterReader parameters) {
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        parameters.text("status").ifPresent(list -> {
            for (String name : list.split(",", -1)) {
                JobStatus status = status(name.trim().toLowerCase(Locale.ROOT));
                if (status == null) {
                    parameters.reject(
                            "status",
                            "unknown status '" + name.trim() + "'; known: queued, processing, "
                                    + "retrying, completed, failed, cancelled (and pending, running)");
                } else {
                    statuses.add(status);
                }
            }
        });
        return statuses;
    }

    private static @Nullable JobStatus status(String name) {
        if (ALIASES.containsKey(name)) {
            return ALIASES.get(name);
        }
        return Arrays.stream(JobStatus.values())
                .filter(s -> s.wireName().equals(name))
                .findFirst()
                .orElse(null);
    }

    private static JobSort sort(String raw) {
        return JobSort.valueOf(raw.toUpperCase(Locale.ROOT));
    }

    private static boolean ascending(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw new IllegalArgumentException(raw);
        };
    }
}
