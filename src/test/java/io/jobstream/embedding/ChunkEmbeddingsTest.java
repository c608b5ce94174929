package io.jobstream.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jobstream.document.Chunk;
import io.jobstream.job.StoredJobs;
import io.jobstream.support.StoreTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Embedding a job's chunks with the real model and searching them in real PostgreSQL: the chunk
 * that answers a question ranks first, vectors are stored once, and a search sees the caller's
 * jobs only.
 */
@StoreTest
class ChunkEmbeddingsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String WATER = "At sea level, pure water boils at 100 degrees Celsius (212 degrees"
            + " Fahrenheit); at higher altitudes the boiling point is lower because the air pressure is lower.";
    private static final String EIFFEL = "The Eiffel Tower in Paris was completed in 1889 for the World's Fair"
            + " and is about 330 metres tall; it was designed by the company of Gustave Eiffel.";
    private static final String PHOTOSYNTHESIS = "Photosynthesis lets plants turn light, water and carbon dioxide"
            + " into glucose and oxygen; it takes place in the chloroplasts of leaf cells.";
    private static final String QUESTION = "At what temperature does water boil?";

    @Autowired
    ApplicationContext context;

    @Autowired
    ChunkEmbeddings embeddings;

    @Autowired
    Embedder embedder;

    StoredChunks stored;
    String alice;

    @BeforeEach
    void setUp() {
        stored = StoredChunks.in(context);
        alice = "alice-" + UUID.randomUUID();
    }

    @Test
    void theChunkThatAnswersTheQuestionRanksFirst() {
        UUID job = jobWithThreeTopics(alice);
        assertThat(embed(job)).isEqualTo(3);

        List<SearchHit> hits = search(alice, QUESTION, null, 10);

        assertThat(hits).extracting(SearchHit::text).hasSize(3).first().isEqualTo(WATER);
        assertThat(hits).extracting(SearchHit::score).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        SearchHit best = hits.getFirst();
        assertThat(best.jobId()).isEqualTo(job);
        assertThat(best.documentIndex()).isZero();
        assertThat(best.chunkIndex()).isZero();
        assertThat(best.pageStart()).isEqualTo(1);
        assertThat(best.pageEnd()).isEqualTo(2);
        assertThat(best.heading()).isEqualTo("Boiling");
        assertThat(best.score()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0 + 1e-6);
        assertThat(hits.get(1).score()).as("the next is clearly further").isLessThan(best.score() - 0.1);
        assertThat(search(alice, "How tall is the tower in Paris?", null, 1))
                .extracting(SearchHit::text)
                .containsExactly(EIFFEL);
    }

    @Test
    void vectorsAreStoredUnitLengthWith384Dimensions() {
        UUID job = jobWithThreeTopics(alice);
        embed(job);

        List<Float[]> vectors = stored.vectors(job);

        assertThat(vectors).hasSize(3);
        for (Float[] vector : vectors) {
            assertThat(vector).hasSize(384);
            double squares = 0;
            for (Float value : vector) {
                squares += value * value;
            }
            assertThat(Math.sqrt(squares)).isCloseTo(1.0, within(1e-4));
        }
        assertThat(embedder.dimensions()).isEqualTo(384);
    }

    @Test
    void aSecondRunEmbedsOnlyChunksWithoutAVector() {
        UUID job = jobWithThreeTopics(alice);
        assertThat(embed(job)).isEqualTo(3);
        List<Float[]> first = stored.vectors(job);

        assertThat(embed(job)).as("nothing new").isZero();
        stored.document(job, 2, StoredChunks.pages("Bees dance to tell each other where flowers are."));
        assertThat(embed(job)).as("only the document added since").isEqualTo(1);

        assertThat(stored.vectors(job)).hasSize(4).startsWith(first.toArray(Float[][]::new));
    }

    @Test
    void progressIsToldAfterEachBatch() {
        UUID job = StoredJobs.in(context).queuedButNeverPublished(alice, 1).id();
        String[] texts = IntStream.range(0, 70)
                .mapToObj(i -> "Note " + i + " about the weather on day " + i + " of the expedition.")
                .toArray(String[]::new);
        stored.document(job, 0, StoredChunks.pages(texts));
        List<String> told = new ArrayList<>();

        StepVerifier.create(embeddings.embedChunks(
                        job, (done, total) -> Mono.fromRunnable(() -> told.add(done + "/" + total))))
                .expectNext(70)
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(told).containsExactly("32/70", "64/70", "70/70");
        assertThat(stored.vectors(job)).hasSize(70);
    }

    @Test
    void anotherOwnersChunksNeverAppear() {
        String bob = "bob-" + UUID.randomUUID();
        UUID bobsJob = jobWithThreeTopics(bob);
        UUID alicesJob =
                StoredJobs.in(context).queuedButNeverPublished(alice, 1).id();
        stored.document(alicesJob, 0, StoredChunks.pages(EIFFEL));
        embed(bobsJob);
        embed(alicesJob);

        assertThat(search(alice, QUESTION, null, 100))
                .extracting(SearchHit::jobId)
                .containsOnly(alicesJob);
        assertThat(search(alice, QUESTION, List.of(bobsJob), 100))
                .as("another owner's job id matches nothing")
                .isEmpty();
        assertThat(search(bob, QUESTION, null, 1)).extracting(SearchHit::text).containsExactly(WATER);
    }

    @Test
    void jobIdsLimitTheSearchToThoseJobs() {
        UUID first = jobWithThreeTopics(alice);
        UUID second = jobWithThreeTopics(alice);
        embed(first);
        embed(second);

        assertThat(search(alice, QUESTION, List.of(second), 100))
                .hasSize(3)
                .extracting(SearchHit::jobId)
                .containsOnly(second);
        assertThat(search(alice, QUESTION, null, 100)).hasSize(6);
        assertThat(search(alice, QUESTION, null, 2)).extracting(SearchHit::text).containsExactly(WATER, WATER);
        assertThat(search(alice, QUESTION, List.of(), 100)).isEmpty();
    }

    @Test
    void chunksWithoutAVectorAreNotSearched() {
        jobWithThreeTopics(alice);

        assertThat(search(alice, QUESTION, null, 10)).isEmpty();
    }

    @Test
    void embedderKeepsTheOrderOfTextsAndGivesABlankTextAZeroVector() {
        List<String> texts = List.of(WATER, " ", EIFFEL, PHOTOSYNTHESIS, WATER);

        List<float[]> vectors = embedder.embed(texts).block(TIMEOUT);

        assertThat(vectors).hasSize(5);
        assertThat(vectors.get(0)).containsExactly(vectors.get(4));
        assertThat(vectors.get(1)).containsOnly(0f);
        assertThat(dot(vectors.get(0), vectors.get(2))).isLessThan(0.5);
        assertThat(embedder.available()).isTrue();
    }

    private UUID jobWithThreeTopics(String owner) {
        UUID job = StoredJobs.in(context).queuedButNeverPublished(owner, 1).id();
        stored.document(job, 0, List.of(new Chunk(0, 0, WATER, 1, 2, 0, WATER.length(), "Boiling")));
        stored.document(job, 1, StoredChunks.pages(EIFFEL, PHOTOSYNTHESIS));
        return job;
    }

    private int embed(UUID job) {
        return embeddings.embedChunks(job, EmbeddingProgress.NONE).block(TIMEOUT);
    }

    private List<SearchHit> search(String owner, String query, List<UUID> jobIds, int limit) {
        return embeddings.search(owner, query, jobIds, limit).collectList().block(TIMEOUT);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
