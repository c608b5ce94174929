package io.jobstream.external;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.external.*}: job types registered at run time and their workers.
 *
 * @param reloadInterval how often each instance reads every registration again, beside the
 *     change announcements it hears at once: a safety net for an announcement it missed
 * @param claimRecheck how often a claim that waits ({@code wait_seconds}) looks again for work
 *     no announcement woke it for: a retry whose backoff ended, a job whose owner was at its
 *     quota. A newly queued job wakes it at once
 * @param maxClaim the most jobs one claim may ask for ({@code max})
 * @param timeLimitSweep how often each instance looks for running external jobs past their
 *     type's job or stage time limit (and fails or retries them with {@code TIMEOUT})
 */
@Validated
@ConfigurationProperties("jobstream.external")
record ExternalProperties(
        @DefaultValue("1m") Duration reloadInterval,
        @DefaultValue("1s") Duration claimRecheck,
        @DefaultValue("100") @Min(1) @Max(1000) int maxClaim,
        @DefaultValue("1s") Duration timeLimitSweep) {

    ExternalProperties {
        if (!reloadInterval.isPositive() || !claimRecheck.isPositive() || !timeLimitSweep.isPositive()) {
            throw new IllegalArgumentException(
                    "jobstream.external.reload-interval, claim-recheck and time-limit-sweep must be positive");
        }
    }
}
