package io.jobstream.api;

import io.jobstream.file.FileCursors;
import io.jobstream.file.FileQuery;
import io.jobstream.job.JobCursor;
import io.jobstream.system.InvalidInputException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The query parameters of {@code GET /api/files}: {@code limit}, and {@code offset} or
 * {@code cursor}, with the bounds and cursor of {@code GET /api/jobs}. Newest first, always.
 */
final class FileListParameters {

    private static final Set<String> KNOWN = Set.of("limit", "offset", "cursor");

    private FileListParameters() {}

    static FileQuery parse(ServerRequest request) {
        var parameters = new ParameterReader(request).onlyKnown(KNOWN);
        JobCursor cursor = parameters
                .text("cursor")
                .map(token -> decode(parameters, token))
                .orElse(null);
        int limit = parameters.integer("limit", JobListParameters.DEFAULT_LIMIT, 1, JobListParameters.MAX_LIMIT);
        int offset = parameters.integer("offset", 0, 0, Integer.MAX_VALUE);
        if (cursor != null && offset > 0) {
            parameters.reject("offset", "cannot be combined with cursor; use one way of paging");
        }
        parameters.check();
        return new FileQuery(limit, offset, cursor);
    }

    private static @Nullable JobCursor decode(ParameterReader parameters, String token) {
        try {
            JobCursor cursor = JobCursor.decode(token);
            if (!FileCursors.fits(cursor)) {
                parameters.reject("cursor", "was issued for a list of jobs, not of files; start again without it");
                return null;
            }
            return cursor;
        } catch (InvalidInputException e) {
            parameters.reject("cursor", e.violations().getFirst().message());
            return null;
        }
    }
}
