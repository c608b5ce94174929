package io.jobstream.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class ParsingPropertiesTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ParsingProperties properties = bind(Map.of());

        assertThat(properties)
                .isEqualTo(new ParsingProperties(
                        2,
                        DataSize.ofMegabytes(512),
                        Duration.ofMinutes(5),
                        10_000_000,
                        5000,
                        DataSize.ofMegabytes(100),
                        "tesseract"));
    }

    @Test
    void aHeapTooSmallForAJvmIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("jobstream.parsing.max-heap", "8MB")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("max-heap must be at least 32MB");
    }

    private static ParsingProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("jobstream.parsing", ParsingProperties.class);
    }
}
