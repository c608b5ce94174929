package io.jobstream.job;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.metrics.*}: the meters read from the database rather than counted.
 *
 * @param queueInterval how often the queue's depth and the wait of its oldest due job are
 *     read (one indexed statement per instance): the queue gauges are at most this old
 */
@Validated
@ConfigurationProperties("jobstream.metrics")
public record QueueMetricsProperties(
        @DefaultValue("5s") @NotNull Duration queueInterval) {}
