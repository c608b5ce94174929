package io.jobstream.bench;

import io.jobstream.bench.JobstreamDocuments.JobTimes;
import io.jobstream.embedding.Embedder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Chunks per second of the embedding model ({@code --only=embed}), two ways: called directly
 * (the {@link Embedder} bean, a batch of {@code jobstream.embeddings.batch-size} texts after
 * another, as a job calls it), and within {@code parse} jobs with {@code embed: true} (their
 * {@code vectorizing} stage, which also stores each batch's vectors in PostgreSQL and then writes
 * {@code embeddings.jsonl}).
 */
final class EmbeddingBenchmark {

    private final ConfigurableApplicationContext app;
    private final JobstreamDocuments jobstream;
    private final BenchDocuments make;
    private final DocumentBenchmark.Options options;

    EmbeddingBenchmark(
            ConfigurableApplicationContext app,
            JobstreamDocuments jobstream,
            BenchDocuments make,
            DocumentBenchmark.Options options) {
        this.app = app;
        this.jobstream = jobstream;
        this.make = make;
        this.options = options;
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        System.out.printf("%nembeddings (load average %s)%n", ProcessMemory.loadAverage());
        results.put("load_average_at_start", ProcessMemory.loadAverage());
        Embedder embedder = app.getBean(Embedder.class);
        if (!embedder.available()) {
            System.out.println("  skipped: embeddings are switched off on this instance");
            return results;
        }
        results.put("direct", embedDirectly(embedder));
        results.put("parse_job_vectorizing_stage", embedInJobs());
        results.put("load_average_at_end", ProcessMemory.loadAverage());
        return results;
    }

    /** The model alone: {@code --embed-texts} chunk-sized texts, a batch of the configured size at a time. */
    private Map<String, Object> embedDirectly(Embedder embedder) {
        int batch = app.getEnvironment().getProperty("jobstream.embeddings.batch-size", Integer.class, 32);
        List<String> texts = make.texts(options.embedTexts(), 1000);
        embedder.embed(texts.subList(0, Math.min(texts.size(), batch * 4))).block(Duration.ofMinutes(5));
        long start = System.nanoTime();
        for (int from = 0; from < texts.size(); from += batch) {
            embedder.embed(texts.subList(from, Math.min(texts.size(), from + batch)))
                    .block(Duration.ofMinutes(5));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = texts.size() / seconds;
        System.out.printf(
                "  %-44s %5d chunks of ~1,000 characters in batches of %d: %6.1f chunks/s (%.1f s)%n",
                "Embedder bean, directly", texts.size(), batch, rate, seconds);
        return Map.of(
                "chunks",
                texts.size(),
                "batch",
                batch,
                "seconds",
                ParseRun.round(seconds, 2),
                "chunks_per_second",
                ParseRun.round(rate, 1));
    }

    /**
     * {@code parse} jobs of the text PDF with {@code embed: true}, one at a time: chunks over the
     * time from the {@code vectorizing} stage's first event to the job's completion.
     */
    private Map<String, Object> embedInJobs() throws Exception {
        Path pdf = make.textPdf("embed.pdf", options.pages());
        String fileId = jobstream.upload(pdf);
        jobstream.await(jobstream.submit(fileId, "text", true));
        int chunks = 0;
        double seconds = 0;
        for (int i = 0; i < options.rounds(); i++) {
            String id = jobstream.submit(fileId, "text", true);
            JobTimes times = jobstream.await(id);
            Double vectorizing = times.stageStarts().get("vectorizing");
            if (vectorizing == null) {
                throw new IllegalStateException("job " + id + " has no vectorizing event: " + times.stageStarts());
            }
            chunks += jobstream.chunkCount(id);
            seconds += times.completed() - vectorizing;
        }
        double rate = chunks / seconds;
        System.out.printf(
                "  %-44s %5d chunks in %d jobs of a %d-page PDF: %6.1f chunks/s (%.1f s)%n",
                "parse jobs with embed: true, vectorizing stage",
                chunks,
                options.rounds(),
                options.pages(),
                rate,
                seconds);
        return Map.of(
                "chunks",
                chunks,
                "jobs",
                options.rounds(),
                "seconds",
                ParseRun.round(seconds, 2),
                "chunks_per_second",
                ParseRun.round(rate, 1));
    }
}
