package io.jobstream.external;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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
 *     no announcement woke it for: a job whose owner was at its quota. A newly queued job wakes
 *     it at once, a delayed job or a retry that became due within {@code jobstream.dispatch.interval}
 *     ({@link DueWakeUps})
 * @param maxClaim the most jobs one claim may ask for ({@code max})
 * @param timeLimitSweep how often each instance looks for running external jobs past their
 *     type's job or stage time limit (and fails or retries them with {@code TIMEOUT})
 * @param kafkaWorker the subject of the worker behind every report on the Kafka reports
 *     topic, which carries no bearer token: who may write there is the Kafka cluster's ACLs'
 *     business. It may work every type delivered over Kafka, and only those
 * @param offerRecheck how often the offer relay looks for due jobs of types delivered over
 *     Kafka that no announcement woke it for (an owner whose quota made room); a newly queued
 *     job wakes it at once, a delayed job or a retry that became due within
 *     {@code jobstream.dispatch.interval} ({@link DueWakeUps})
 */
@Validated
@ConfigurationProperties("jobstream.external")
record ExternalProperties(
        @DefaultValue("1m") Duration reloadInterval,
        @DefaultValue("1s") Duration claimRecheck,
        @DefaultValue("100") @Min(1) @Max(1000) int maxClaim,
        @DefaultValue("1s") Duration timeLimitSweep,
        @DefaultValue("kafka") @NotBlank String kafkaWorker,
        @DefaultValue("1s") Duration offerRecheck) {

    ExternalProperties {
        if (!reloadInterval.isPositive()
                || !claimRecheck.isPositive()
                || !timeLimitSweep.isPositive()
                || !offerRecheck.isPositive()) {
            throw new IllegalArgumentException(
                    "jobstream.external.reload-interval, claim-recheck, time-limit-sweep and offer-recheck must be positive");
        }
    }
}
