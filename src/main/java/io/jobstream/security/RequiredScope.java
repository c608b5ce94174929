package io.jobstream.security;

import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The scope each API request needs, decided in one place: the filter chain grants by it, and
 * a 403 names it ({@link MissingScope}). Reads need {@code jobs:read}, changes
 * {@code jobs:write}, with five exceptions; {@code jobs:admin} does everything else, and alone
 * changes the job types (registers and retires them: they are every user's) and reads the
 * actuator's endpoints (metrics: every user's workload); the workers'
 * routes need {@code jobs:work}, which nothing else implies.
 */
final class RequiredScope implements ReactiveAuthorizationManager<AuthorizationContext> {

    /** Asking for a stream token changes nothing: reading is enough. */
    private static final String STREAM_TOKENS = "/api/stream-tokens";
    /** A search is a read: it is a POST only because its query is a body. */
    private static final String SEARCH = "/api/search";
    /** The signing secret lets its holder forge webhooks: not for read-only tokens, even to read it. */
    private static final String WEBHOOK_SECRET = "/api/webhook-secret";

    /** External workers claim and report here: their scope alone, which grants nothing else. */
    private static final String WORKERS = "/api/workers/";

    /** The catalog of job types; changing it changes what every user may submit. */
    private static final String JOB_TYPES = "/api/job-types";

    /**
     * The actuator's endpoints other than health and info, which are open (the filter chain
     * permits them first): metrics and the Prometheus scrape are about every user's jobs.
     */
    static final String ACTUATOR = "/actuator";

    private static final Map<String, ReactiveAuthorizationManager<AuthorizationContext>> GRANTS = Map.of(
            Scopes.READ, hasScope(Scopes.READ),
            Scopes.WRITE, hasScope(Scopes.WRITE),
            Scopes.ADMIN, hasScope(Scopes.ADMIN),
            // not implied by jobs:admin (see Scopes)
            Scopes.WORK, AuthorityReactiveAuthorizationManager.hasAuthority(Scopes.authority(Scopes.WORK)));

    static String of(ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        HttpMethod method = exchange.getRequest().getMethod();
        if (path.equals(ACTUATOR) || path.startsWith(ACTUATOR + "/")) {
            return Scopes.ADMIN;
        }
        if (path.startsWith(WORKERS)) {
            return Scopes.WORK;
        }
        if (path.equals(WEBHOOK_SECRET) || path.startsWith(WEBHOOK_SECRET + "/")) {
            return Scopes.WRITE;
        }
        if (HttpMethod.POST.equals(method) && (path.equals(STREAM_TOKENS) || path.equals(SEARCH))) {
            return Scopes.READ;
        }
        if (!HttpMethod.GET.equals(method) && (path.equals(JOB_TYPES) || path.startsWith(JOB_TYPES + "/"))) {
            return Scopes.ADMIN;
        }
        return HttpMethod.GET.equals(method) ? Scopes.READ : Scopes.WRITE;
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        return GRANTS.get(of(context.getExchange())).authorize(authentication, context);
    }

    private static ReactiveAuthorizationManager<AuthorizationContext> hasScope(String scope) {
        return AuthorityReactiveAuthorizationManager.hasAnyAuthority(
                Scopes.authority(scope), Scopes.authority(Scopes.ADMIN));
    }
}
