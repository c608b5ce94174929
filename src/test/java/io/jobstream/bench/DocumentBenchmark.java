package io.jobstream.bench;

import io.jobstream.bench.JobstreamDocuments.JobTimes;
import io.jobstream.support.TestInfrastructure;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Documents ({@code --only=parse,embed}). {@code parse}: pages per second of {@code parse} jobs
 * through the API (upload once, then submit and wait for completion), for a text PDF, a DOCX
 * and a scanned (image-only) PDF read with {@code extraction_method: ocr}, one job at a time and
 * {@code --parallel} jobs at once; the same files read on the same run by Apache Tika Server
 * ({@link TikaServer}) over {@code PUT /tika}, and jobstream's cost per page over it. {@code
 * embed}: {@link EmbeddingBenchmark}.
 */
final class DocumentBenchmark {

    private static final String ONE_AT_A_TIME = "one at a time";
    private static final String PARALLEL = "in parallel";

    /**
     * What to read: PDFs and DOCX of {@code pages} pages, scanned PDFs of {@code ocrPages};
     * {@code rounds} documents one after another, {@code parallel} at once; {@code embedTexts}
     * texts for the model; {@code tikaJar} the Tika Server jar (empty: the local Maven repository).
     */
    record Options(int pages, int ocrPages, int rounds, int parallel, int embedTexts, String tikaJar) {}

    private record Sample(String format, Path file, int pages, boolean ocr, String fileId) {
        String method() {
            return ocr ? "ocr" : "text";
        }
    }

    private final ConfigurableApplicationContext app;
    private final JobstreamDocuments jobstream;
    private final Options options;
    private final Path directory;
    private final BenchDocuments make;

    DocumentBenchmark(ConfigurableApplicationContext app, int port, Options options) throws Exception {
        this.app = app;
        this.options = options;
        this.jobstream = new JobstreamDocuments(port, TestInfrastructure.database());
        this.directory = Files.createTempDirectory("jobstream-bench-documents");
        this.make = new BenchDocuments(directory);
    }

    Map<String, Object> run(boolean parse, boolean embed) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        try (jobstream) {
            if (parse) {
                results.put("parse", parse());
            }
            if (embed) {
                results.put("embeddings", new EmbeddingBenchmark(app, jobstream, make, options).run());
            }
        } finally {
            try (Stream<Path> files = Files.list(directory)) {
                files.forEach(file -> file.toFile().delete());
            }
            Files.deleteIfExists(directory);
        }
        return results;
    }

    private Map<String, Object> parse() throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("load_average_at_start", ProcessMemory.loadAverage());
        System.out.printf("%nparse (load average %s)%n", ProcessMemory.loadAverage());
        List<Sample> samples = samples();
        Optional<Path> jar = TikaServer.locate(options.tikaJar());
        TikaServer tika = jar.isPresent() ? startTika(jar.get(), results) : null;
        if (tika == null) {
            System.out.println("  Tika Server comparison skipped: no tika-server-standard 3.x jar in the local Maven"
                    + " repository (" + TikaServer.ARTIFACT_DIRECTORY + "/<version>/) and no --tika-server-jar=");
        }
        try {
            warmUp(samples, tika);
            long heapBefore = heapAfterGc();
            List<Map<String, Object>> runs = new ArrayList<>();
            try (var parsers = new ProcessMemory.Sampler(ProcessMemory::parserChildren);
                    var server = new ProcessMemory.Sampler(tika == null ? Stream::empty : tika::processes)) {
                for (Sample sample : samples) {
                    runs.add(compare(sample, ONE_AT_A_TIME, tika));
                    runs.add(compare(sample, PARALLEL, tika));
                }
                results.put("runs", runs);
                results.put("memory_mb", memory(heapBefore, parsers, server, tika != null));
            }
        } finally {
            if (tika != null) {
                tika.close();
            }
        }
        results.put("load_average_at_end", ProcessMemory.loadAverage());
        return results;
    }

    private List<Sample> samples() throws Exception {
        List<Sample> samples = new ArrayList<>();
        Path pdf = make.textPdf("text.pdf", options.pages());
        samples.add(new Sample("text PDF", pdf, options.pages(), false, jobstream.upload(pdf)));
        Path docx = make.docx("text.docx", options.pages());
        samples.add(new Sample("DOCX", docx, options.pages(), false, jobstream.upload(docx)));
        if (jobstream.ocrAvailable()) {
            Path scanned = make.scannedPdf("scanned.pdf", options.ocrPages());
            samples.add(new Sample("scanned PDF, OCR", scanned, options.ocrPages(), true, jobstream.upload(scanned)));
        } else {
            System.out.println("  OCR skipped: tesseract is not installed (GET /api/job-types/parse says OCR is"
                    + " unavailable); install tesseract-ocr and tesseract-ocr-eng to measure it");
        }
        return samples;
    }

    private TikaServer startTika(Path jar, Map<String, Object> results) throws Exception {
        long start = System.nanoTime();
        Path log = Path.of("target", "bench", "tika-server.log");
        Files.createDirectories(log.getParent());
        TikaServer tika = TikaServer.start(jar, log);
        double seconds = seconds(start);
        System.out.printf("  %s started in %.1f s from %s%n", tika.version(), seconds, jar);
        results.put("tika_server", Map.of("version", tika.version(), "start_seconds", ParseRun.round(seconds, 1)));
        return tika;
    }

    /**
     * Both read every file {@code --parallel} at a time, three times (the OCR file once), unrecorded:
     * starts jobstream's parser children and Tika's forked child, and lets their compilers work.
     */
    private void warmUp(List<Sample> samples, TikaServer tika) throws Exception {
        long start = System.nanoTime();
        for (Sample sample : samples) {
            for (int round = 0; round < (sample.ocr() ? 1 : 3); round++) {
                jobstreamParallel(sample);
                if (tika != null) {
                    tikaParallel(sample, tika);
                }
            }
        }
        System.out.printf("  warmed up in %.1f s%n", seconds(start));
    }

    private Map<String, Object> compare(Sample sample, String mode, TikaServer tika) throws Exception {
        boolean oneAtATime = mode.equals(ONE_AT_A_TIME);
        JobstreamResult ours = oneAtATime ? jobstreamOneAtATime(sample) : jobstreamParallel(sample);
        ours.run().print();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("format", sample.format());
        result.put("mode", mode);
        result.put("jobstream", ours.run().asMap());
        if (!ours.breakdown().isEmpty()) {
            result.put("jobstream_ms_per_job_by_phase", ours.breakdown());
            System.out.printf("  %-10s ms per job by phase: %s%n", "", ours.breakdown());
        }
        if (ours.characters() > 0) {
            result.put("jobstream_characters", ours.characters());
        }
        if (tika != null) {
            TikaResult theirs = oneAtATime ? tikaOneAtATime(sample, tika) : tikaParallel(sample, tika);
            theirs.run().print();
            result.put("tika", theirs.run().asMap());
            result.put("tika_characters", theirs.characters());
            double ratio = ours.run().millisPerPage() / theirs.run().millisPerPage();
            double extra = ours.run().millisPerPage() - theirs.run().millisPerPage();
            result.put("jobstream_over_tika_ratio", ParseRun.round(ratio, 2));
            result.put("jobstream_extra_ms_per_page", ParseRun.round(extra, 2));
            System.out.printf(
                    "  %-10s jobstream / Tika: %.2f times the time per page (%+.2f ms/page)%n", "", ratio, extra);
        }
        return result;
    }

    private record JobstreamResult(ParseRun run, Map<String, Double> breakdown, long characters) {}

    private record TikaResult(ParseRun run, long characters) {}

    /** {@code --rounds} jobs, each submitted once the one before completed; the sum of their times. */
    private JobstreamResult jobstreamOneAtATime(Sample sample) throws Exception {
        double seconds = 0;
        Map<String, Double> phases = new LinkedHashMap<>();
        String last = "";
        for (int i = 0; i < options.rounds(); i++) {
            last = jobstream.submit(sample.fileId(), sample.method(), false);
            JobTimes times = jobstream.await(last);
            seconds += times.seconds();
            times.breakdown().forEach((phase, millis) -> phases.merge(phase, millis, Double::sum));
        }
        phases.replaceAll((phase, millis) -> ParseRun.round(millis / options.rounds(), 1));
        ParseRun run =
                new ParseRun("jobstream", sample.format(), ONE_AT_A_TIME, options.rounds(), sample.pages(), seconds);
        return new JobstreamResult(run, phases, jobstream.characters(last));
    }

    /** {@code --parallel} jobs submitted at once; from the first's creation to the last's completion. */
    private JobstreamResult jobstreamParallel(Sample sample) throws Exception {
        List<String> ids = jobstream.submitAll(options.parallel(), sample.fileId(), sample.method());
        double first = Double.MAX_VALUE;
        double last = 0;
        for (String id : ids) {
            JobTimes times = jobstream.await(id);
            first = Math.min(first, times.created());
            last = Math.max(last, times.completed());
        }
        ParseRun run = new ParseRun("jobstream", sample.format(), PARALLEL, ids.size(), sample.pages(), last - first);
        return new JobstreamResult(run, Map.of(), 0);
    }

    private TikaResult tikaOneAtATime(Sample sample, TikaServer tika) throws Exception {
        double seconds = 0;
        String text = "";
        for (int i = 0; i < options.rounds(); i++) {
            long start = System.nanoTime();
            text = tika.parse(sample.file(), sample.ocr());
            seconds += seconds(start);
        }
        return new TikaResult(
                new ParseRun("Tika", sample.format(), ONE_AT_A_TIME, options.rounds(), sample.pages(), seconds),
                text.length());
    }

    private TikaResult tikaParallel(Sample sample, TikaServer tika) throws Exception {
        long start = System.nanoTime();
        long characters = 0;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> texts = new ArrayList<>();
            for (int i = 0; i < options.parallel(); i++) {
                texts.add(clients.submit(() -> tika.parse(sample.file(), sample.ocr())));
            }
            for (Future<String> text : texts) {
                characters = text.get().length();
            }
        }
        return new TikaResult(
                new ParseRun("Tika", sample.format(), PARALLEL, options.parallel(), sample.pages(), seconds(start)),
                characters);
    }

    private static Map<String, Object> memory(
            long heapBefore, ProcessMemory.Sampler parsers, ProcessMemory.Sampler server, boolean tika) {
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("service_jvm_heap_after_gc_before", heapBefore / (1024 * 1024));
        memory.put("service_jvm_heap_peak_used", parsers.peakHeapMb());
        memory.put("parser_children_rss_peak_total", parsers.peakRssMb());
        System.out.printf(
                "  memory: service JVM heap %d MB after GC before, %d MB at most in use during the runs;"
                        + " parser children (and their tesseract) %d MB resident at most, together%n",
                heapBefore / (1024 * 1024), parsers.peakHeapMb(), parsers.peakRssMb());
        if (tika) {
            memory.put("tika_server_rss_peak_total", server.peakRssMb());
            System.out.printf(
                    "  memory: Tika Server (its process, forked child and tesseract) %d MB resident at most, together%n",
                    server.peakRssMb());
        }
        return memory;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
