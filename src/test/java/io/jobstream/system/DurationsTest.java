package io.jobstream.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations in request bodies: the short spellings of the configuration, and ISO-8601. */
class DurationsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "500ms, PT0.5S",
        "30s, PT30S",
        "5m, PT5M",
        "2h, PT2H",
        "1d, PT24H",
        "1h30m, PT1H30M",
        "' 10S ', PT10S",
        "PT30S, PT30S",
        "pt5m, PT5M",
        "P1D, PT24H",
        "PT0.25S, PT0.25S"
    })
    void shortAndIsoSpellingsAreRead(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "soon", "5 m", "-5s", "1.5h", "PT", "P1X", "5mm", "1w"})
    void anythingElseIsRefusedWithTheSpellingsThereAre(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("30s, 5m")
                .hasMessageContaining("PT30S");
    }
}
