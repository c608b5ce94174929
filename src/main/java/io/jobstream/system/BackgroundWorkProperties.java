package io.jobstream.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code jobstream.background-work.*}: whether this instance does the work that goes on by
 * itself, beside requests: running jobs, taking Kafka submissions, and the relays (start
 * commands, the events topic, webhooks, requeueing jobs of dead instances).
 *
 * @param enabled false: the instance serves the API and its streams only. The store tests run
 *     so, to drive jobs by hand; a deployment needs at least one instance with it on
 */
@ConfigurationProperties("jobstream.background-work")
public record BackgroundWorkProperties(@DefaultValue("true") boolean enabled) {}
