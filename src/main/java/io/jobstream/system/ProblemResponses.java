package io.jobstream.system;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where errors become HTTP responses: every exception that reaches the web
 * layer leaves as {@code application/problem+json}. Domain exceptions carry no status;
 * the mapping below decides it. Runs before Boot's default error handler.
 */
@Component
@Order(-2)
class ProblemResponses implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private static final String TYPE_BASE = "https://jobstream.io/problems/";

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        Problem problem = toProblem(error, exchange.getRequest().getPath().value());
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(problem.status()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (error instanceof ResponseStatusException rse) {
            rse.getHeaders().forEach((name, values) -> response.getHeaders().addAll(name, values));
        }
        // a limit that time does not lift (a storage quota) says no Retry-After
        if (error instanceof TooManyRequestsException limited
                && limited.retryAfter().isPositive()) {
            long seconds = Math.max(1, (limited.retryAfter().toMillis() + 999) / 1000);
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        DataBuffer body = response.bufferFactory().wrap(json.writeValueAsBytes(problem));
        return response.writeWith(Mono.just(body));
    }

    private Problem toProblem(Throwable error, String path) {
        return switch (error) {
            case InvalidInputException e ->
                problem(
                        HttpStatus.BAD_REQUEST,
                        "validation-error",
                        "Invalid request",
                        e.getMessage(),
                        path,
                        "VALIDATION_ERROR",
                        e.violations());
            case NotFoundException e ->
                problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage(), path, "NOT_FOUND", List.of());
            case ForbiddenException e ->
                problem(
                        HttpStatus.FORBIDDEN,
                        "forbidden",
                        "Forbidden",
                        e.getMessage(),
                        path,
                        "FORBIDDEN",
                        e.violations());
            case ConflictException e ->
                problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage(), path, "CONFLICT", List.of());
            case TooManyRequestsException e ->
                problem(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "quota-exceeded",
                        "Quota exceeded",
                        e.getMessage(),
                        path,
                        "QUOTA_EXCEEDED",
                        List.of());
            case ContentTooLargeException e ->
                problem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "content-too-large",
                        "Content too large",
                        e.getMessage(),
                        path,
                        "VALIDATION_ERROR",
                        List.of(e.violation()));
            case UnavailableException e ->
                problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        e.capability() + "-unavailable",
                        "Unavailable on this deployment",
                        e.getMessage(),
                        path,
                        HttpStatus.SERVICE_UNAVAILABLE.name(),
                        List.of());
            case DataBufferLimitException e ->
                problem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "content-too-large",
                        "Request body too large",
                        "The request body is larger than this server accepts",
                        path,
                        "VALIDATION_ERROR",
                        List.of(new Violation("body", "is too large")));
            case ServerWebInputException e
            when e.getCause() instanceof DataBufferLimitException limit -> toProblem(limit, path);
            case ServerWebInputException e ->
                problem(
                        HttpStatus.BAD_REQUEST,
                        "validation-error",
                        "Invalid request",
                        inputProblem(e),
                        path,
                        "VALIDATION_ERROR",
                        List.of(new Violation("body", inputProblem(e))));
            // a Content-Type header that is not a media type at all (";", "a/b/c")
            case InvalidMediaTypeException e ->
                problem(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported-media-type",
                        "Unsupported media type",
                        "The Content-Type header is not a valid media type",
                        path,
                        "VALIDATION_ERROR",
                        List.of(new Violation("Content-Type", "is not a valid media type")));
            case UnsupportedMediaTypeStatusException e ->
                problem(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported-media-type",
                        "Unsupported media type",
                        "Send the body as application/json",
                        path,
                        "VALIDATION_ERROR",
                        List.of());
            case ResponseStatusException e -> statusProblem(e, path);
            default -> internal(error, path);
        };
    }

    private Problem internal(Throwable error, String path) {
        log.error("Unhandled error on {}", path, error);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "The server could not complete the request",
                path,
                "INTERNAL_ERROR",
                List.of());
    }

    private static String inputProblem(ServerWebInputException e) {
        if (!(e.getCause() instanceof DecodingException)) {
            return e.getReason() == null ? "cannot be read" : e.getReason();
        }
        String parser = e.getMostSpecificCause().getMessage();
        String detail = parser == null ? "" : parser.lines().findFirst().orElse("");
        return "is not valid JSON" + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    /** Errors the framework raises with a status: unknown routes, wrong methods, 401s. */
    private static Problem statusProblem(ResponseStatusException e, String path) {
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        String type = status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
        return problem(status, type, status.getReasonPhrase(), e.getReason(), path, status.name(), List.of());
    }

    private static Problem problem(
            HttpStatus status,
            String type,
            String title,
            @Nullable String detail,
            String path,
            @Nullable String errorCode,
            List<Violation> violations) {
        return new Problem(TYPE_BASE + type, title, status.value(), detail, path, errorCode, violations);
    }
}
