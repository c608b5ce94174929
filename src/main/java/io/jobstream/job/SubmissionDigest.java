package io.jobstream.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request hash kept beside an idempotency key: a repeat with the same key and the same
 * digest is the same submission; the same key with another digest is a conflict.
 */
final class SubmissionDigest {

    private SubmissionDigest() {}

    /** A stable digest of what was asked: key order in the payload does not matter. */
    static String of(JsonMapper json, Submission submission) {
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("type", submission.type());
        canonical.put("payload", json.convertValue(submission.payload(), Object.class));
        if (submission.webhook() != null) {
            canonical.put("webhook", json.convertValue(submission.webhook().toJson(), Object.class));
        }
        // as asked, not as resolved: a repeat of "delay": "5m" asks for the same job
        Schedule schedule = submission.schedule();
        if (schedule.at() != null) {
            canonical.put("run_at", schedule.at().toString());
        }
        if (schedule.delay() != null) {
            canonical.put("delay", schedule.delay().toMillis());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writer()
                            .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                            .writeValueAsString(canonical)
                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
