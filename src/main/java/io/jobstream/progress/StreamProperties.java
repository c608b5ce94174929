package io.jobstream.progress;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.streams.*}: Server-Sent Event streams.
 *
 * @param heartbeat how often an idle stream sends a comment, so proxies keep the connection
 * @param retry the reconnection delay streams advise clients ({@code retry:})
 * @param maxBehind how long a client may leave new events unread before its stream is
 *     closed; it resumes with {@code Last-Event-ID} and reads what it missed from the log
 */
@Validated
@ConfigurationProperties("jobstream.streams")
public record StreamProperties(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("3s") Duration retry,
        @DefaultValue("30s") Duration maxBehind) {

    public StreamProperties {
        if (!heartbeat.isPositive() || retry.isNegative() || !maxBehind.isPositive()) {
            throw new IllegalArgumentException("jobstream.streams: heartbeat and max-behind must be positive");
        }
    }
}
