package io.jobstream.importing;

import io.jobstream.file.FileService;
import io.jobstream.file.StoredFile;
import io.jobstream.file.StoredFileNotFoundException;
import io.jobstream.job.JobService;
import io.jobstream.jobtype.Artifact;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.jobtype.JobFailure;
import io.jobstream.jobtype.StageContext;
import io.jobstream.jobtype.StageProgress;
import io.jobstream.system.Violation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code importing}: the file's lines are counted (a file past {@code max-lines} creates
 * nothing), then streamed a chunk at a time through {@link ChunkImport}; progress after each
 * chunk, the refused lines streamed into {@code refused.jsonl} as they come. A retried or
 * resumed import reads the file again from the start: the lines' idempotency keys make the
 * chunks an earlier attempt stored store nothing twice, and they count as created.
 */
@Component
class ImportingStage {

    static final String REFUSED_ARTIFACT = "refused.jsonl";
    /** Lines per chunk, each chunk one statement (and transaction) of the submit path. */
    static final int LINES_PER_CHUNK = 500;
    /** A chunk closes early at this many bytes, so chunks of long lines stay small. */
    private static final long BYTES_PER_CHUNK = 8L * 1024 * 1024;

    private static final int MAX_BATCH_NAME = 200;

    private final FileService files;
    private final JobService jobs;
    private final ChunkImport chunks;
    private final ImportProperties properties;
    private final JsonMapper json;

    ImportingStage(
            FileService files, JobService jobs, ChunkImport chunks, ImportProperties properties, JsonMapper json) {
        this.files = files;
        this.jobs = jobs;
        this.chunks = chunks;
        this.properties = properties;
        this.json = json;
    }

    Mono<JsonNode> run(StageContext context) {
        UUID fileId = UUID.fromString(context.payload().get("file_id").asString());
        return files.find(context.owner(), fileId)
                .onErrorMap(
                        StoredFileNotFoundException.class,
                        missing -> new JobFailure(ErrorCode.VALIDATION_ERROR, "file_id: no file " + fileId, false))
                .zipWith(keyBase(context))
                .flatMap(found -> counted(context, found.getT1(), found.getT2()));
    }

    private Mono<String> keyBase(StageContext context) {
        return jobs.idempotencyKey(context.jobId())
                .map(key -> "k" + sha256(key).substring(0, 40))
                .defaultIfEmpty("j" + context.jobId());
    }

    private Mono<JsonNode> counted(StageContext context, StoredFile file, String keyBase) {
        return FileLines.count(files.content(file))
                .flatMap(total -> total > properties.maxLines()
                        ? Mono.error(tooManyLines(total))
                        : importAll(new ImportRun(context, file, total, keyBase, batchName(context, file))));
    }

    private JobFailure tooManyLines(long total) {
        return new JobFailure(
                ErrorCode.VALIDATION_ERROR,
                "file_id: the file has " + total + " lines; an import takes at most " + properties.maxLines(),
                false);
    }

    private static String batchName(StageContext context, StoredFile file) {
        JsonNode name = context.payload().path("batch_name");
        String chosen = name.isString() ? name.stringValue() : "import of " + file.filename();
        return chosen.length() <= MAX_BATCH_NAME ? chosen : chosen.substring(0, MAX_BATCH_NAME);
    }

    /**
     * Two readers of one pass over the file: the artifact's writer takes the refused lines, the
     * tally the counts; the pass starts when both have come ({@code refCount(2)}) and stops if
     * both go (a cancel), so the file is read once and nothing is held but a chunk.
     */
    private Mono<JsonNode> importAll(ImportRun run) {
        Flux<ChunkResult> results = FileLines.chunks(
                        FileLines.lines(files.content(run.file()), (int)
                                properties.maxLineBytes().toBytes()),
                        LINES_PER_CHUNK,
                        BYTES_PER_CHUNK)
                // one chunk read ahead while the last is stored, one result waiting for its readers: no more
                .concatMap(chunk -> chunks.run(run, chunk), 1)
                .publish(1)
                .refCount(2);
        Flux<DataBuffer> refused =
                results.concatMapIterable(ChunkResult::refused).map(this::jsonLine);
        Mono<ImportTally> tally = results.scan(ImportTally.EMPTY, ImportTally::plus)
                .concatMap(sofar -> report(run, sofar).thenReturn(sofar))
                .last();
        Mono<Boolean> saved = run.context()
                .saveArtifact(new Artifact(REFUSED_ARTIFACT, "application/x-ndjson", refused))
                .thenReturn(true);
        return Mono.zip(saved, tally, (done, counts) -> result(run, counts));
    }

    private Mono<Void> report(ImportRun run, ImportTally sofar) {
        int percent = run.totalLines() == 0 ? 100 : (int) Math.min(100, sofar.lastLine() * 100 / run.totalLines());
        String message = "%d of %d lines read: %d created, %d existing, %d refused"
                .formatted(sofar.lastLine(), run.totalLines(), sofar.created(), sofar.existing(), sofar.refused());
        return run.context().report(new StageProgress(percent, message, null));
    }

    private DataBuffer jsonLine(RefusedLine line) {
        byte[] bytes = (json.writeValueAsString(refusal(line)) + "\n").getBytes(StandardCharsets.UTF_8);
        return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
    }

    private static ObjectNode refusal(RefusedLine line) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("line", line.line());
        node.set("errors", errors(line.errors()));
        if (line.content() != null) {
            node.put("content", line.content());
        }
        return node;
    }

    private static ArrayNode errors(List<Violation> violations) {
        ArrayNode errors = JsonNodeFactory.instance.arrayNode();
        violations.forEach(v -> errors.addObject().put("field", v.field()).put("message", v.message()));
        return errors;
    }

    private static JsonNode result(ImportRun run, ImportTally tally) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("file_id", run.file().id().toString());
        if (tally.created() > 0) {
            result.put("batch_id", run.batchId().toString());
        } else {
            result.putNull("batch_id");
        }
        result.put("lines", tally.lines())
                .put("created", tally.created())
                .put("existing", tally.existing())
                .put("refused", tally.refused());
        ArrayNode listed = result.putArray("refused_lines");
        tally.listed().forEach(line -> listed.add(refusal(line)));
        result.put("refused_lines_complete", tally.listed().size() == tally.refused())
                .put("refused_artifact", REFUSED_ARTIFACT);
        return result;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
