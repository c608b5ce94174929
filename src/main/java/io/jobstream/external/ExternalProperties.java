package io.jobstream.external;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobstream.external.*}: job types registered at run time and their workers.
 *
 * @param reloadInterval how often each instance reads every registration again, beside the
 *     change announcements it hears at once: a safety net for an announcement it missed
 */
@Validated
@ConfigurationProperties("jobstream.external")
record ExternalProperties(@DefaultValue("1m") Duration reloadInterval) {

    ExternalProperties {
        if (!reloadInterval.isPositive()) {
            throw new IllegalArgumentException("jobstream.external.reload-interval must be positive");
        }
    }
}
