package io.jobstream.security;

import java.security.Principal;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * What a worker's token ({@code jobs:work}) lets it work: the job types of its
 * {@code job_types} claim (a list of names), or, without that claim, every external type.
 */
public final class WorkerGrants {

    /** The claim that restricts a worker to some job types. */
    public static final String JOB_TYPES_CLAIM = "job_types";

    private WorkerGrants() {}

    /** The types the token restricts its worker to; null if it does not restrict it. */
    public static @Nullable Set<String> jobTypes(Principal principal) {
        if (!(principal instanceof JwtAuthenticationToken token)
                || !token.getToken().hasClaim(JOB_TYPES_CLAIM)) {
            return null;
        }
        // a claim that is not a list of names restricts the worker to no type, rather than lifting the restriction
        List<String> types = token.getToken().getClaimAsStringList(JOB_TYPES_CLAIM);
        return types == null ? Set.of() : Set.copyOf(types);
    }
}
