package io.jobstream.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** {@code jobstream.embeddings.enabled=false}: the adapter says it is unavailable and every call fails saying why. */
class SwitchedOffEmbedderTest {

    private final Embedder embedder = new Embedder(new EmbeddingProperties(false, 2, 32));

    @Test
    void aSwitchedOffEmbedderIsUnavailableAndSaysWhy() {
        assertThat(embedder.available()).isFalse();

        StepVerifier.create(embedder.embed(List.of("water")))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(EmbeddingsUnavailableException.class)
                        .hasMessageContaining("jobstream.embeddings.enabled=false"))
                .verify(Duration.ofSeconds(5));
        embedder.destroy();
    }

    @Test
    void nothingToEmbedNeedsNoModel() {
        StepVerifier.create(embedder.embed(List.of()))
                .expectNext(List.of())
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }
}
