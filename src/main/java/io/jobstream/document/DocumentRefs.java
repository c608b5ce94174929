package io.jobstream.document;

import io.jobstream.system.Violation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the documents of a payload: {@code documents} (each {@code {"file_id"}},
 * {@code {"url"}} or {@code {"content_base64", "filename"}}) or the shorthand
 * {@code input_url}. The schema has checked the shapes; this checks what it cannot say.
 */
public final class DocumentRefs {

    /** Inline content is for small documents: larger ones are uploaded. */
    public static final int MAX_INLINE_BYTES = 1024 * 1024;

    private DocumentRefs() {}

    /** The documents of a valid payload, in order. */
    public static List<DocumentRef> read(JsonNode payload) {
        if (payload.hasNonNull("input_url")) {
            return List.of(
                    new DocumentRef.UrlRef(URI.create(payload.get("input_url").asString())));
        }
        List<DocumentRef> refs = new ArrayList<>();
        for (JsonNode document : payload.path("documents")) {
            refs.add(ref(document));
        }
        return refs;
    }

    private static DocumentRef ref(JsonNode document) {
        if (document.has("file_id")) {
            return new DocumentRef.FileRef(
                    UUID.fromString(document.get("file_id").asString()));
        }
        if (document.has("url")) {
            return new DocumentRef.UrlRef(URI.create(document.get("url").asString()));
        }
        return new DocumentRef.InlineRef(
                document.get("filename").asString(),
                document.get("content_base64").asString());
    }

    /**
     * What the schema cannot check: exactly one of {@code documents} and {@code input_url},
     * at most {@code maxDocuments}, ids and URLs that parse, inline content that decodes to at
     * most {@link #MAX_INLINE_BYTES}.
     */
    public static List<Violation> check(JsonNode payload, int maxDocuments) {
        boolean listed = payload.has("documents");
        if (listed == payload.has("input_url")) {
            return List.of(new Violation("payload.documents", "give documents or input_url, exactly one of them"));
        }
        if (!listed) {
            return url(payload.get("input_url").asString()) == null
                    ? List.of()
                    : List.of(new Violation(
                            "payload.input_url", url(payload.get("input_url").asString())));
        }
        JsonNode documents = payload.get("documents");
        if (documents.size() > maxDocuments) {
            return List.of(new Violation(
                    "payload.documents", "at most " + maxDocuments + " documents per job, got " + documents.size()));
        }
        List<Violation> violations = new ArrayList<>();
        for (int index = 0; index < documents.size(); index++) {
            checkOne(documents.get(index), "payload.documents[" + index + "]", violations);
        }
        return violations;
    }

    private static void checkOne(JsonNode document, String path, List<Violation> violations) {
        if (document.has("file_id") && !isUuid(document.get("file_id").asString())) {
            violations.add(new Violation(path + ".file_id", "must be a file id (a UUID)"));
        }
        if (document.has("url") && url(document.get("url").asString()) != null) {
            violations.add(new Violation(path + ".url", url(document.get("url").asString())));
        }
        if (document.has("content_base64")) {
            String problem = inline(document.get("content_base64").asString());
            if (problem != null) {
                violations.add(new Violation(path + ".content_base64", problem));
            }
        }
    }

    /** The payload's uploaded files by field path, for the submit path's ownership check. */
    public static Map<String, UUID> fileReferences(JsonNode payload) {
        Map<String, UUID> files = new LinkedHashMap<>();
        JsonNode documents = payload.path("documents");
        for (int index = 0; index < documents.size(); index++) {
            JsonNode fileId = documents.get(index).get("file_id");
            if (fileId != null && isUuid(fileId.asString())) {
                files.put("payload.documents[" + index + "].file_id", UUID.fromString(fileId.asString()));
            }
        }
        return files;
    }

    /**
     * One document entry of a valid payload ({@code {"file_id"}}, {@code {"url"}} or
     * {@code {"content_base64", "filename"}}), for a type that takes one document in a field of
     * its own, as {@code split} takes {@code document}.
     */
    public static DocumentRef entry(JsonNode document) {
        return ref(document);
    }

    /** What the schema cannot check of one document entry; {@code path} names it ({@code payload.document}). */
    public static List<Violation> checkEntry(JsonNode document, String path) {
        List<Violation> violations = new ArrayList<>();
        checkOne(document, path, violations);
        return violations;
    }

    /** The uploaded file one document entry names, by its field path, for the ownership check. */
    public static Map<String, UUID> fileReference(JsonNode document, String path) {
        JsonNode fileId = document.get("file_id");
        return fileId != null && isUuid(fileId.asString())
                ? Map.of(path + ".file_id", UUID.fromString(fileId.asString()))
                : Map.of();
    }

    /** Whether {@code text} is a UUID in its standard form, as ids are written. */
    public static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Null if {@code text} is an absolute http(s) URL with a host; else why not. */
    private static @Nullable String url(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                return "must be an http or https URL with a host";
            }
            return null;
        } catch (URISyntaxException e) {
            return "is not a URL: " + e.getReason();
        }
    }

    private static @Nullable String inline(String base64) {
        try {
            int bytes = Base64.getMimeDecoder().decode(base64).length;
            if (bytes == 0) {
                return "is empty";
            }
            return bytes > MAX_INLINE_BYTES
                    ? "is " + bytes + " bytes decoded; at most 1 MB inline: upload larger files"
                    : null;
        } catch (IllegalArgumentException e) {
            return "is not base64: " + e.getMessage();
        }
    }
}
