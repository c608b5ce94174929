package io.jobstream.document.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The Server-Sent Events of a {@code parse} job, read as a browser's progress bar reads them:
 * a message as each document is parsed or fails, and {@code processed_count} and
 * {@code failed_count} moving one document at a time up to the final counts.
 */
@JobstreamTest
class ParseProgressStreamTest {

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    ApiClient alice;
    ParseJobs jobs;
    TestDocuments make;

    @BeforeEach
    void client() {
        alice = ApiClient.as("stream-" + UUID.randomUUID(), port);
        jobs = new ParseJobs(alice);
        make = new TestDocuments(directory);
    }

    @Test
    void theStreamShowsEachDocumentAndTheCountsMoving() {
        List<Map<String, String>> documents = List.of(
                ParseJobs.inline(
                        make.textPdf("one.pdf", "One", "Ada", List.of("Page one of one.", "Page two of one."))),
                ParseJobs.inline(make.textPdf("two.pdf", "Two", "Ada", List.of("Page one of two."))),
                ParseJobs.inline(make.corruptPdf("broken.pdf")),
                ParseJobs.inline("four.txt", "The fourth document."),
                ParseJobs.inline(make.textPdf("five.pdf", "Five", "Ada", List.of("Page one of five."))));
        String id = jobs.submit(Map.of("documents", documents));

        // from the first event on, replayed and then live, until the server ends the stream with the job
        List<JsonNode> events =
                alice.events(id, "0").map(ApiClient::data).collectList().block(ParseJobs.PATIENCE);

        assertThat(events).isNotNull();
        assertThat(events.getLast().get("status").asString()).isEqualTo("completed");
        List<String> messages = new ArrayList<>();
        events.forEach(
                event -> messages.add(event.get("progress").get("message").asString("")));
        assertThat(events)
                .filteredOn(event ->
                        "parsing".equals(event.get("progress").get("stage").asString("")))
                .first()
                .as("the first report of a stage is never skipped")
                .satisfies(
                        first -> assertThat(first.get("progress").get("message").asString())
                                .isEqualTo("reading document 1 (1/5)"));
        // the end of every document moves the counts, so none of these is skipped as too soon after another
        List<String> documentsEnded = messages.stream()
                .filter(message ->
                        message.startsWith("parsed document") || message.matches("document \\d+ .* failed: .*"))
                .toList();
        assertThat(documentsEnded).hasSize(5);
        assertThat(documentsEnded)
                .elements(0, 1, 3, 4)
                .containsExactly(
                        "parsed document 1 (1/5)",
                        "parsed document 2 (2/5)",
                        "parsed document 4 (4/5)",
                        "parsed document 5 (5/5)");
        assertThat(documentsEnded.get(2)).startsWith("document 3 (broken.pdf) failed: broken.pdf ");
        assertThat(counts(events))
                .as("processed:failed of every event that has counts, repeats removed")
                .containsExactly("0:0", "1:0", "2:0", "2:1", "3:1", "4:1");
        assertThat(events)
                .filteredOn(event -> event.hasNonNull("total_documents"))
                .allSatisfy(event ->
                        assertThat(event.get("total_documents").asInt()).isEqualTo(5));
    }

    /** {@code processed:failed} as the events show them, each change once. */
    private static List<String> counts(List<JsonNode> events) {
        List<String> counts = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.hasNonNull("processed_count")) {
                String count = event.get("processed_count").asInt() + ":"
                        + event.get("failed_count").asInt();
                if (counts.isEmpty() || !counts.getLast().equals(count)) {
                    counts.add(count);
                }
            }
        }
        return counts;
    }
}
