package io.jobstream.embedding;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The one adapter of the embedding model: quantized all-MiniLM-L6-v2 in-process on CPU, 384
 * dimensions. The model is loaded once, by the first call that needs it (0.3–0.5 s), on the
 * adapter's own scheduler; inference runs there too, at most {@code jobstream.embeddings.threads}
 * calls at once, so it never blocks an event loop and never takes more of the CPU than that,
 * however many jobs and searches ask (they queue). The scheduler is disposed with the context.
 * Every vector is unit length, so the dot product of two is their cosine similarity (but for
 * a blank text's, which is zero and so matches nothing).
 */
@Component
public class Embedder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Embedder.class);
    private static final int DIMENSIONS = 384;
    /** Calls waiting for a thread, beyond which a caller is refused rather than queued without bound. */
    private static final int MAX_QUEUED_TASKS = 10_000;

    private final @Nullable Scheduler scheduler;
    private final Mono<EmbeddingModel> model;
    private volatile boolean failedToLoad;

    Embedder(EmbeddingProperties properties) {
        if (properties.enabled()) {
            this.scheduler = Schedulers.newBoundedElastic(properties.threads(), MAX_QUEUED_TASKS, "jobstream-embedder");
            this.model = Mono.fromCallable(Embedder::load)
                    .subscribeOn(scheduler)
                    .onErrorMap(this::loadFailed)
                    .cache();
        } else {
            this.scheduler = null;
            this.model = Mono.error(EmbeddingsUnavailableException::switchedOff);
        }
    }

    /** Whether this instance computes embeddings: switched on, and the model did not fail to load. */
    public boolean available() {
        return scheduler != null && !failedToLoad;
    }

    /** The length of every vector. */
    public int dimensions() {
        return DIMENSIONS;
    }

    /**
     * One unit-length vector per text, in the order given, computed on one of the adapter's
     * threads (ONNX Runtime spreads each text over the cores by itself: a second thread for the
     * same call measured no faster, and left a search waiting behind a job's batch). A cancel
     * takes effect when the call's texts are done. Fails with
     * {@link EmbeddingsUnavailableException} when the model is switched off or cannot load.
     */
    public Mono<List<float[]>> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return Mono.just(List.of());
        }
        List<String> copy = List.copyOf(texts);
        return model.flatMap(loaded -> infer(loaded, copy));
    }

    private Mono<List<float[]>> infer(EmbeddingModel loaded, List<String> texts) {
        return Mono.fromCallable(() -> vectors(loaded, texts)).subscribeOn(requireScheduler());
    }

    /** A text with no words has no meaning to compare: its vector is zero (the model would fail on it). */
    private static List<float[]> vectors(EmbeddingModel loaded, List<String> texts) {
        List<TextSegment> segments = texts.stream()
                .filter(text -> !text.isBlank())
                .map(TextSegment::from)
                .toList();
        var embedded = loaded.embedAll(segments).content().iterator();
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(
                    text.isBlank()
                            ? new float[DIMENSIONS]
                            : unitLength(embedded.next().vector()));
        }
        return vectors;
    }

    /**
     * The model normalizes already; this makes the dot-product-is-cosine promise hold whatever
     * model a later version ships. A zero vector (no tokens) stays zero: it matches nothing.
     */
    static float[] unitLength(float[] vector) {
        if (vector.length != DIMENSIONS) {
            throw new IllegalStateException("The model gave " + vector.length + " dimensions, not " + DIMENSIONS);
        }
        double sum = 0;
        for (float value : vector) {
            sum += value * value;
        }
        if (sum == 0) {
            return vector;
        }
        float norm = (float) Math.sqrt(sum);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] / norm;
        }
        return unit;
    }

    /**
     * Loads the model from the jar; the class's static initializer does the work. The context
     * class loader is set for it, since the library reads the model through it, and a pooled
     * thread may carry another. {@code Runnable::run}: a call's texts are embedded on the thread
     * that asks, not on the library's own pool of one thread per core.
     */
    private static EmbeddingModel load() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Embedder.class.getClassLoader());
        try {
            long started = System.nanoTime();
            EmbeddingModel loaded = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
            log.info(
                    "Embedding model all-MiniLM-L6-v2 (quantized) loaded in {} ms",
                    (System.nanoTime() - started) / 1_000_000);
            return loaded;
        } catch (LinkageError e) {
            // a failed static initializer (or missing natives) is a LinkageError, which Reactor
            // would rethrow as fatal instead of handing it to the subscriber
            throw new IllegalStateException(e.toString(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A model that cannot load here (natives for another platform, say) stays unavailable: loading again would fail again. */
    private Throwable loadFailed(Throwable error) {
        failedToLoad = true;
        log.error("The embedding model could not be loaded; embeddings are unavailable on this instance", error);
        return new EmbeddingsUnavailableException(
                "The embedding model could not be loaded on this instance: " + error, error);
    }

    private Scheduler requireScheduler() {
        if (scheduler == null) {
            throw EmbeddingsUnavailableException.switchedOff();
        }
        return scheduler;
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.dispose();
        }
    }
}
