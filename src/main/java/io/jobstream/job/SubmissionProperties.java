package io.jobstream.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.submissions.*}: what every door (REST, batch, Kafka, import) accepts.
 *
 * @param maxDelay how far ahead a job may be scheduled ({@code delay}, or {@code run_at} from
 *     now); more is refused, so that a typo (days for seconds) does not park a job for years
 */
@Validated
@ConfigurationProperties("jobstream.submissions")
public record SubmissionProperties(@DefaultValue("30d") Duration maxDelay) {

    public SubmissionProperties {
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("jobstream.submissions.max-delay must not be negative");
        }
    }
}
