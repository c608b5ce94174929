package io.jobstream.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole application on a random port, against real PostgreSQL, Kafka and an OIDC
 * issuer, with short leases and relay intervals. Every class with this annotation shares
 * one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // short enough that recovery and retries show within a test's patience
            "jobstream.execution.lease=3s",
            "jobstream.execution.reaper-interval=300ms",
            "jobstream.dispatch.interval=100ms",
            // room for QuotaTest: one owner at its quota still leaves workers free for others
            "jobstream.quota.max-active-jobs-per-owner=20",
            // the queue gauges follow a test's submissions within moments, not 5 s
            "jobstream.metrics.queue-interval=200ms",
            "jobstream.execution.max-concurrent-jobs=32",
            // a killed instance's partitions move after 6 s (the broker's least); a full worker that
            // stopped polling would lose its partitions after 5 s, which ProcessFailureTest checks
            "jobstream.kafka.session-timeout=6s",
            "jobstream.kafka.max-poll-interval=5s",
            // heartbeats and the slow-client limit show within a test's patience
            "jobstream.streams.heartbeat=1s",
            "jobstream.streams.max-behind=3s",
            "jobstream.stream-tokens.secret=test-secret-of-at-least-32-characters",
            // BrowserEventSourceTest's page is served from another port
            "jobstream.cors.allowed-origins=http://127.0.0.1:[*]",
            // webhook receivers in tests listen on 127.0.0.1 (and only there: ::1 stays refused);
            // retries come quickly and end within a test's patience
            "jobstream.webhooks.allowed-networks=127.0.0.0/8",
            "jobstream.webhooks.interval=100ms",
            "jobstream.webhooks.timeout=2s",
            "jobstream.webhooks.backoff=200ms",
            "jobstream.webhooks.max-backoff=1s",
            "jobstream.webhooks.retry-for=15s",
            // documents by URL come from servers the tests start on 127.0.0.1 (and only there)
            "jobstream.fetch.allowed-networks=127.0.0.0/8",
            // a document that hangs the parser (HostileDocumentsTest) fails within a test's patience, not
            // after the default 5m; the tests' documents parse in well under a second each, OCR'd pages in
            // a few, and a parser child's cold start is not counted
            "jobstream.parsing.timeout=10s",
            // the file API's 413 and 429 show with uploads of a few MB, not 100 MB and 10 GB
            // (FileUploadTest fills the quota of an owner of its own)
            "jobstream.files.max-bytes=8MB",
            "jobstream.split.max-output-bytes=8MB",
            "jobstream.files.quota-bytes=32MB"
        })
@Import(TestInfrastructureConfiguration.class)
public @interface JobstreamTest {}
