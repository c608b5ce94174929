package io.jobstream.importing;

import io.jobstream.importing.FileLines.Line;
import io.jobstream.job.JobSubmissions;
import io.jobstream.job.LineOutcome;
import io.jobstream.job.SubmissionLine;
import io.jobstream.job.SubmissionReader;
import io.jobstream.job.SubmissionReader.LineSubmission;
import io.jobstream.system.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One chunk of an import's lines: each read as JSON and as a submission
 * ({@link SubmissionReader#line}), then all the readable ones handed to the submit path in one
 * call, which checks and stores them as one statement. A line is refused on its own, at any
 * step, with the violations the API would answer for it.
 */
@Component
class ChunkImport {

    /** What a refusal quotes of a JSON parser's message: its gist, not the parser's excerpt of the line. */
    private static final int MAX_PARSER_MESSAGE = 200;

    private final JsonMapper json;
    private final SubmissionReader reader;
    /**
     * Looked up when first used: the submit path knows every job type, this one too, so
     * taking it at construction would make the beans a cycle.
     */
    private final ObjectProvider<JobSubmissions> submissions;

    private final ImportProperties properties;

    ChunkImport(
            JsonMapper json,
            SubmissionReader reader,
            ObjectProvider<JobSubmissions> submissions,
            ImportProperties properties) {
        this.json = json;
        this.reader = reader;
        this.submissions = submissions;
        this.properties = properties;
    }

    Mono<ChunkResult> run(ImportRun run, List<Line> chunk) {
        List<Line> lines = chunk.stream().filter(line -> !line.blank()).toList();
        List<SubmissionLine> readable = new ArrayList<>();
        List<RefusedLine> unreadable = new ArrayList<>();
        for (Line line : lines) {
            try {
                readable.add(read(run, line));
            } catch (InvalidInputException e) {
                unreadable.add(new RefusedLine(line.number(), e.violations(), text(line)));
            }
        }
        int lastLine = chunk.isEmpty() ? 0 : chunk.getLast().number();
        if (readable.isEmpty()) {
            return Mono.just(new ChunkResult(lines.size(), lastLine, 0, 0, unreadable));
        }
        return submissions
                .getObject()
                .submitLines(run.owner(), run.batchId(), run.batchName(), readable)
                .map(outcomes -> result(lines, lastLine, unreadable, outcomes));
    }

    private SubmissionLine read(ImportRun run, Line line) {
        byte[] bytes = line.bytes();
        if (bytes == null) {
            throw InvalidInputException.of(
                    "line", "is longer than " + properties.maxLineBytes().toBytes() + " bytes");
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (JacksonException e) {
            throw InvalidInputException.of("line", "is not valid JSON: " + gist(e.getOriginalMessage()));
        }
        LineSubmission submission = reader.line(node);
        String key = submission.idempotencyKey() == null ? run.key(line.number()) : submission.idempotencyKey();
        return new SubmissionLine(line.number(), submission.submission(), key);
    }

    private static String gist(String message) {
        return message.length() <= MAX_PARSER_MESSAGE ? message : message.substring(0, MAX_PARSER_MESSAGE) + "…";
    }

    private static ChunkResult result(
            List<Line> lines, int lastLine, List<RefusedLine> unreadable, List<LineOutcome> outcomes) {
        Map<Integer, Line> byNumber = lines.stream().collect(Collectors.toMap(Line::number, Function.identity()));
        List<RefusedLine> refused = new ArrayList<>(unreadable);
        int created = 0;
        int existing = 0;
        for (LineOutcome outcome : outcomes) {
            switch (outcome.kind()) {
                case CREATED -> created++;
                case EXISTING -> existing++;
                case REFUSED ->
                    refused.add(new RefusedLine(
                            outcome.number(), outcome.violations(), text(byNumber.get(outcome.number()))));
            }
        }
        refused.sort(Comparator.comparingInt(RefusedLine::line));
        return new ChunkResult(lines.size(), lastLine, created, existing, refused);
    }

    private static @Nullable String text(Line line) {
        byte[] bytes = line.bytes();
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
