package io.jobstream.document.extract;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.extract.*}: the {@code extract} job type.
 *
 * @param ruleTimeout the longest one field's rule may search one document; a regular expression
 *     that runs longer (catastrophic backtracking) fails that document with {@code VALIDATION_ERROR}
 */
@Validated
@ConfigurationProperties("jobstream.extract")
record ExtractProperties(@DefaultValue("2s") Duration ruleTimeout) {

    ExtractProperties {
        if (!ruleTimeout.isPositive() || ruleTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException(
                    "jobstream.extract.rule-timeout must be positive and at most 1m, was " + ruleTimeout);
        }
    }
}
