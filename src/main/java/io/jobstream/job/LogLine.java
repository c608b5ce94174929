package io.jobstream.job;

import java.time.Instant;

/**
 * A line of a job's log. The log is the job's event log read as lines, so the two can never
 * disagree: failures are ERROR, retries and cancellations WARN, the rest INFO.
 */
public record LogLine(long seq, Instant timestamp, String level, String message) {

    public static LogLine of(JobEvent event) {
        String level = switch (event.kind()) {
            case FAILED -> "ERROR";
            case RETRYING, CANCELLED -> "WARN";
            default -> "INFO";
        };
        String stage =
                event.progress().stage() == null ? "" : "[" + event.progress().stage() + "] ";
        String message = event.progress().message() == null
                ? event.kind().wireName()
                : event.progress().message();
        return new LogLine(event.seq(), event.createdAt(), level, stage + message);
    }
}
