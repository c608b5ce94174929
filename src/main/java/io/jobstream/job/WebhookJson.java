package io.jobstream.job;

import io.jobstream.system.Violation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the webhook of a submission ({@link SubmissionJson}), naming each bad field: an
 * absolute http(s) URL, events among those a webhook may subscribe to, a token that fits in
 * a header, a client job id of sane length. Whether its host may be sent to is decided later
 * ({@link WebhookTargets}): that needs DNS.
 */
final class WebhookJson {

    private static final Set<String> FIELDS = Set.of("url", "events", "token", "client_job_id");
    private static final int MAX_URL_LENGTH = 2048;
    private static final int MAX_TOKEN_LENGTH = 1024;
    private static final int MAX_CLIENT_JOB_ID_LENGTH = 255;

    private WebhookJson() {}

    /** {@code webhook_url: U} is shorthand for {@code webhook: {"url": U}}: the completion events, no token. */
    static @Nullable Webhook read(JsonNode body, String path, List<Violation> violations) {
        JsonNode webhook = body.path("webhook");
        JsonNode shorthand = body.path("webhook_url");
        if (present(webhook) && present(shorthand)) {
            violations.add(new Violation(path + "webhook_url", "is shorthand for webhook.url; send one of them"));
            return null;
        }
        if (present(shorthand)) {
            URI url = url(shorthand, path + "webhook_url", violations);
            return url == null ? null : new Webhook(url, Webhook.COMPLETION, null, null);
        }
        if (!present(webhook)) {
            return null;
        }
        String at = path + "webhook";
        if (!webhook.isObject()) {
            violations.add(
                    new Violation(at, "must be a JSON object: url, and optionally events, token, client_job_id"));
            return null;
        }
        int before = violations.size();
        for (String name : webhook.propertyNames()) {
            if (!FIELDS.contains(name)) {
                violations.add(new Violation(
                        at + "." + name, "is not a field of a webhook; known: client_job_id, events, token, url"));
            }
        }
        URI url = url(webhook.path("url"), at + ".url", violations);
        List<EventKind> events = events(webhook.path("events"), at + ".events", violations);
        String token = text(webhook.path("token"), at + ".token", MAX_TOKEN_LENGTH, true, violations);
        String clientJobId =
                text(webhook.path("client_job_id"), at + ".client_job_id", MAX_CLIENT_JOB_ID_LENGTH, false, violations);
        return violations.size() > before || url == null ? null : new Webhook(url, events, token, clientJobId);
    }

    private static @Nullable URI url(JsonNode value, String field, List<Violation> violations) {
        if (!present(value)) {
            violations.add(new Violation(field, "is required"));
            return null;
        }
        if (value.isString() && value.stringValue().length() <= MAX_URL_LENGTH) {
            try {
                URI url = new URI(value.stringValue());
                boolean http = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
                if (http && url.getHost() != null && url.getRawUserInfo() == null) {
                    return url;
                }
            } catch (URISyntaxException e) {
                // answered below, like any other URL jobstream cannot send to
            }
        }
        violations.add(new Violation(
                field,
                "must be an absolute http or https URL with a host and without user info, " + "at most "
                        + MAX_URL_LENGTH + " characters"));
        return null;
    }

    private static List<EventKind> events(JsonNode value, String field, List<Violation> violations) {
        if (!present(value)) {
            return Webhook.COMPLETION;
        }
        String names = "progress, completed, failed, cancelled";
        if (!value.isArray() || value.isEmpty()) {
            violations.add(new Violation(field, "must be a non-empty array of " + names));
            return Webhook.COMPLETION;
        }
        List<EventKind> events = new ArrayList<>();
        for (int index = 0; index < value.size(); index++) {
            JsonNode name = value.get(index);
            EventKind kind = name.isString() ? subscribable(name.stringValue()) : null;
            if (kind == null) {
                violations.add(new Violation(field + "[" + index + "]", "must be one of " + names));
            } else {
                events.add(kind);
            }
        }
        return events;
    }

    private static @Nullable EventKind subscribable(String name) {
        return Webhook.SUBSCRIBABLE.stream()
                .filter(kind -> kind.wireName().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** A string of 1..{@code max} characters without NUL; a header value ({@code visibleAscii}) has no spaces either. */
    private static @Nullable String text(
            JsonNode value, String field, int max, boolean visibleAscii, List<Violation> violations) {
        if (!present(value)) {
            return null;
        }
        String text = value.isString() ? value.stringValue() : "";
        boolean allowed = visibleAscii ? text.chars().allMatch(c -> c >= 0x21 && c <= 0x7e) : text.indexOf('\0') < 0;
        if (text.isEmpty() || text.length() > max || !allowed) {
            violations.add(new Violation(
                    field,
                    "must be a string of 1 to " + max
                            + (visibleAscii ? " visible ASCII characters" : " characters without NUL")));
            return null;
        }
        return text;
    }

    private static boolean present(JsonNode value) {
        return !value.isMissingNode() && !value.isNull();
    }
}
