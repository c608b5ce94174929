package io.jobstream.dispatch;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.dispatch.*}: the outbox relay.
 *
 * @param interval how often the relay looks for due, undispatched jobs (new ones whose publish
 *     failed, retries that are due, jobs requeued from a dead or stopping instance, delayed
 *     jobs whose {@code run_at} came): what a delayed job may wait past its time. Also how often
 *     each instance looks for jobs of external types that became due, to wake waiting claims
 * @param batchSize the most jobs it publishes per look; a round looks again at once while its
 *     looks come full. Each look counts the jobs in flight per owner, so larger looks cost less per job
 * @param redispatchAfter a queued job dispatched this long ago and still not started is
 *     published again (its command may be lost); claims are idempotent, so a duplicate is harmless
 * @param eventsInterval how often the events relay publishes new job events to the events topic
 */
// public: the claims of external workers count a dispatched job as in flight for as long as the relay does
@Validated
@ConfigurationProperties("jobstream.dispatch")
public record DispatchProperties(
        @DefaultValue("250ms") Duration interval,
        @DefaultValue("2000") @Min(1) @Max(10_000) int batchSize,
        @DefaultValue("5m") Duration redispatchAfter,
        @DefaultValue("250ms") Duration eventsInterval) {

    public DispatchProperties {
        if (!interval.isPositive() || !redispatchAfter.isPositive() || !eventsInterval.isPositive()) {
            throw new IllegalArgumentException("jobstream.dispatch intervals must be positive");
        }
    }
}
