package io.jobstream.job;

import io.jobstream.system.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page ended: the sort, its direction, and the last row's sort key and id. Opaque
 * to clients (base64url). Keyset paging: jobs inserted meanwhile never shift a page.
 */
public record JobCursor(JobSort sort, boolean ascending, String key, UUID id) {

    private static final String SEPARATOR = "\n";

    public String encode() {
        String raw = String.join(SEPARATOR, sort.name(), ascending ? "asc" : "desc", key, id.toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidInputException naming {@code cursor} for anything not made by {@link #encode()} */
    public static JobCursor decode(String token) {
        try {
            String[] parts =
                    new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(SEPARATOR, -1);
            if (parts.length != 4 || !(parts[1].equals("asc") || parts[1].equals("desc"))) {
                throw new IllegalArgumentException("malformed");
            }
            JobSort sort = JobSort.valueOf(parts[0]);
            if (!sort.accepts(parts[2])) {
                throw new IllegalArgumentException("key does not fit the sort");
            }
            return new JobCursor(sort, parts[1].equals("asc"), parts[2], UUID.fromString(parts[3]));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("cursor", "is not a cursor this server issued; start again without it");
        }
    }
}
