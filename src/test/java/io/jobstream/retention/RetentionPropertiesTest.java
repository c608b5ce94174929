package io.jobstream.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code jobstream.retention.*} as an operator writes it. */
class RetentionPropertiesTest {

    private static RetentionProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("jobstream.retention", RetentionProperties.class);
    }

    @Test
    void defaultsKeepCompletedAndCancelledJobsAWeekFailedOnesAMonthAndFilesAWeek() {
        RetentionProperties defaults = bind(Map.of());

        assertThat(defaults.completed()).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.failed()).isEqualTo(Duration.ofDays(30));
        assertThat(defaults.cancelled()).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.files()).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.batchSize()).isEqualTo(500);
        assertThat(defaults.deletesAnything()).isTrue();
    }

    @Test
    void zeroWindowsOrTheSwitchTurnRetentionOff() {
        assertThat(bind(Map.of(
                                "jobstream.retention.completed", "0",
                                "jobstream.retention.failed", "0",
                                "jobstream.retention.cancelled", "0",
                                "jobstream.retention.files", "0"))
                        .deletesAnything())
                .isFalse();
        assertThat(bind(Map.of("jobstream.retention.enabled", "false")).deletesAnything())
                .isFalse();
        assertThat(bind(Map.of("jobstream.retention.failed", "0")).deletesAnything())
                .isTrue();
    }

    @Test
    void aBacklogIsDeletedATenthOfTheTimeAtMostByDefault() {
        RetentionProperties defaults = bind(Map.of());
        assertThat(defaults.restAfter(Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(1800));
        // never less than the pause
        assertThat(defaults.restAfter(Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(100));

        RetentionProperties flatOut = bind(Map.of("jobstream.retention.busy-share", "1"));
        assertThat(flatOut.restAfter(Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> bind(Map.of("jobstream.retention.busy-share", "0")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("busy-share");
    }

    @Test
    void negativeWindowsAndIntervalsAreRefused() {
        assertThatThrownBy(() -> bind(Map.of("jobstream.retention.completed", "-1d")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> bind(Map.of("jobstream.retention.interval", "0s")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("interval must be positive");
    }
}
