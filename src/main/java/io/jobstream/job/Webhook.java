package io.jobstream.job;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a job reports its events: a POST to {@code url} for each event of the kinds in
 * {@code events}, signed with the owner's secret; {@code token}, when given, goes along as a
 * bearer token, and {@code clientJobId} in every body. Stored on the job as one JSON column.
 */
public record Webhook(
        URI url,
        List<EventKind> events,
        @Nullable String token,
        @Nullable String clientJobId) {

    /** The event kinds a webhook may subscribe to, in the order they are listed. */
    public static final List<EventKind> SUBSCRIBABLE =
            List.of(EventKind.PROGRESS, EventKind.COMPLETED, EventKind.FAILED, EventKind.CANCELLED);

    /** What {@code webhook_url} alone, or a webhook without {@code events}, subscribes to: the end, however it ends. */
    public static final List<EventKind> COMPLETION =
            List.of(EventKind.COMPLETED, EventKind.FAILED, EventKind.CANCELLED);

    public Webhook {
        events = SUBSCRIBABLE.stream().filter(events::contains).toList();
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a webhook subscribes to at least one of " + SUBSCRIBABLE);
        }
    }

    JsonNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("url", url.toString());
        ArrayNode kinds = node.putArray("events");
        events.forEach(kind -> kinds.add(kind.wireName()));
        if (token != null) {
            node.put("token", token);
        }
        if (clientJobId != null) {
            node.put("client_job_id", clientJobId);
        }
        return node;
    }

    static @Nullable Webhook fromJson(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        List<EventKind> events = node.get("events")
                .valueStream()
                .map(kind -> EventKind.fromWireName(kind.asString()))
                .toList();
        return new Webhook(
                URI.create(node.get("url").asString()), events, text(node, "token"), text(node, "client_job_id"));
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
