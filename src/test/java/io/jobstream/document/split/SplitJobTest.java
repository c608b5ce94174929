package io.jobstream.document.split;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import io.jobstream.support.TestDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code split} end to end, as a user sees it: a ten-page PDF (each page with its own text, and
 * top-level bookmarks at pages 3, 6 and 9) cut by every mode, its parts read back from the
 * artifacts API page by page; PDFs that cannot be split; ranges checked at submit and at run time.
 */
@JobstreamTest
class SplitJobTest {

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    SplitJobs jobs;
    SplitDocuments make;
    Path reportFile;
    String report;

    @BeforeEach
    void aUserWithTheReport() {
        jobs = new SplitJobs(ApiClient.as("split-" + UUID.randomUUID(), port));
        make = new SplitDocuments(directory);
        // a nested bookmark at page 7 is a section of chapter B, not the start of a part
        reportFile = make.pdf("report.pdf", 10, Map.of(3, "Chapter A", 6, "Chapter B", 9, "Chapter C"), 7);
        report = jobs.upload(reportFile);
    }

    @Test
    void everyNPagesCutsTheReportIntoPartsOfThatManyPages() {
        String id = jobs.submit(Map.of("document", Map.of("file_id", report), "every_n_pages", 4));
        JsonNode result = jobs.awaitEnd(id, "completed").get("result");

        assertThat(result.get("pages").asInt()).isEqualTo(10);
        assertThat(result.get("part_count").asInt()).isEqualTo(3);
        assertParts(id, result, List.of(span(1, 4), span(5, 8), span(9, 10)));
        assertThat(jobs.artifactNames(id)).containsExactlyInAnyOrder("part-1.pdf", "part-2.pdf", "part-3.pdf");
        JsonNode document = jobs.documents(id).getFirst();
        assertThat(document.get("status").asString()).isEqualTo("completed");
        assertThat(document.at("/metadata/pages").asInt()).isEqualTo(10);
        assertThat(document.at("/metadata/parts").asInt()).isEqualTo(3);
        // the per-part reports of so short a split come faster than people read, and may all be
        // skipped (SplitCancelTest sees them in a long one); the end of the document never is
        assertThat(jobs.progressMessages(id)).contains("split report.pdf into 3 part(s)");
    }

    @Test
    void rangesCutThePagesAskedInTheirOrderOverlapsAndSinglePagesIncluded() {
        String id = jobs.submit(
                Map.of("document", Map.of("file_id", report), "ranges", List.of("4-10", "1-3", "2-5", "7")));
        JsonNode result = jobs.awaitEnd(id, "completed").get("result");

        assertThat(result.get("mode").asString()).isEqualTo("ranges");
        assertParts(id, result, List.of(span(4, 10), span(1, 3), span(2, 5), span(7, 7)));
    }

    @Test
    void bookmarksStartThePartsAndThePagesBeforeTheFirstAreAPartOfTheirOwn() {
        // inline this time: the same document references as parse's
        String id = jobs.submit(Map.of("document", SplitJobs.inline(reportFile), "by_bookmarks", true));
        JsonNode result = jobs.awaitEnd(id, "completed").get("result");

        assertParts(id, result, List.of(span(1, 2), span(3, 5), span(6, 8), span(9, 10)));
        assertThat(result.get("parts"))
                .extracting(part -> part.path("title").asString("(none)"))
                .containsExactly("(none)", "Chapter A", "Chapter B", "Chapter C");
    }

    @Test
    void aPdfWithoutBookmarksFailsWithValidationErrorSayingSo() {
        String plain = jobs.upload(make.pdf("plain.pdf", 3, Map.of(), 0));
        String id = jobs.submit(Map.of("document", Map.of("file_id", plain), "by_bookmarks", true));

        JsonNode job = jobs.awaitEnd(id, "failed");

        assertThat(job.get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(job.get("error").asString()).contains("plain.pdf has no bookmarks");
        assertThat(jobs.artifactNames(id)).isEmpty();
    }

    @Test
    void aRangePastTheLastPageFailsTheJobNamingTheRange() {
        String id = jobs.submit(Map.of("document", Map.of("file_id", report), "ranges", List.of("1-3", "8-12")));

        JsonNode job = jobs.awaitEnd(id, "failed");

        assertThat(job.get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(job.get("error").asString())
                .contains("payload.ranges[1] (8-12) is outside report.pdf, which has 10 pages");
        assertThat(jobs.documents(id).getFirst().get("status").asString()).isEqualTo("failed");
    }

    @Test
    void aRangePastThePagesAnyDocumentMayHaveIsRefusedAtSubmit() {
        JsonNode problem =
                jobs.refused(Map.of("document", Map.of("file_id", report), "ranges", List.of("1-3", "2-9999999")));

        assertThat(fields(problem)).containsExactly("payload.ranges[1]");
        assertThat(problem.at("/errors/0/message").asString()).contains("ends at page 9999999", "at most 5000 pages");
    }

    @Test
    void malformedReversedAndZeroRangesAreRefusedAtSubmitEachNamingItsField() {
        JsonNode problem = jobs.refused(Map.of(
                "document", Map.of("file_id", report), "ranges", List.of("1-3", "3-", "5-2", "0-4", "two", "1--2")));

        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(fields(problem))
                .containsExactly(
                        "payload.ranges[1]",
                        "payload.ranges[2]",
                        "payload.ranges[3]",
                        "payload.ranges[4]",
                        "payload.ranges[5]");
        assertThat(messages(problem))
                .anySatisfy(message -> assertThat(message).contains("must not end before it starts"))
                .anySatisfy(message -> assertThat(message).contains("pages count from 1"))
                .anySatisfy(message -> assertThat(message).contains("must be a page range such as \"1-3\""));
    }

    @Test
    void aPayloadMustGiveExactlyOneWayToSplit() {
        JsonNode none = jobs.refused(Map.of("document", Map.of("file_id", report), "by_bookmarks", false));
        JsonNode two =
                jobs.refused(Map.of("document", Map.of("file_id", report), "every_n_pages", 2, "by_bookmarks", true));

        assertThat(fields(none)).containsExactly("payload");
        assertThat(messages(two)).singleElement().asString().contains("got every_n_pages, by_bookmarks");
    }

    @Test
    void anEncryptedPdfFailsWithParseError() {
        String encrypted = jobs.upload(new TestDocuments(directory).encryptedPdf("locked.pdf"));
        String id = jobs.submit(Map.of("document", Map.of("file_id", encrypted), "every_n_pages", 1));

        JsonNode job = jobs.awaitEnd(id, "failed");

        assertThat(job.get("error_code").asString()).isEqualTo("PARSE_ERROR");
        assertThat(job.get("error").asString()).contains("locked.pdf is encrypted");
    }

    @Test
    void partsThatTogetherPassTheOutputLimitFailTheSplitSayingWhy() {
        // 1.5 MB, but each of its 10 pages draws the same 1.5 MB image: 15 MB of parts, past the
        // tests' jobstream.split.max-output-bytes of 8 MB
        String shared = jobs.upload(make.pagesSharingOneImage("brochure.pdf", 10, 1_500_000));
        String id = jobs.submit(Map.of("document", Map.of("file_id", shared), "every_n_pages", 1));

        JsonNode job = jobs.awaitEnd(id, "failed");

        assertThat(job.get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(job.get("error").asString())
                .contains("the parts of brochure.pdf would take more than 8388608 bytes")
                .contains("jobstream.split.max-output-bytes");
        assertThat(jobs.artifactNames(id)).hasSizeBetween(1, 5);
    }

    @Test
    void aCorruptPdfFailsWithParseError() {
        String corrupt = jobs.upload(new TestDocuments(directory).corruptPdf("broken.pdf"));
        String id = jobs.submit(Map.of("document", Map.of("file_id", corrupt), "ranges", List.of("1")));

        JsonNode job = jobs.awaitEnd(id, "failed");

        assertThat(job.get("error_code").asString()).isEqualTo("PARSE_ERROR");
        assertThat(job.get("error").asString()).contains("broken.pdf");
        assertThat(jobs.artifactNames(id)).isEmpty();
    }

    @Test
    void anotherUsersFileIsRefusedAtSubmitExactlyLikeAFileNobodyHas() {
        SplitJobs bob = new SplitJobs(ApiClient.as("split-bob-" + UUID.randomUUID(), port));
        String bobsFile = bob.upload(make.pdf("bobs.pdf", 2, Map.of(), 0));
        String nobodysFile = UUID.randomUUID().toString();

        JsonNode forBobsFile = jobs.refused(Map.of("document", Map.of("file_id", bobsFile), "every_n_pages", 1));
        JsonNode forNobodysFile = jobs.refused(Map.of("document", Map.of("file_id", nobodysFile), "every_n_pages", 1));

        assertThat(fields(forBobsFile)).containsExactly("payload.document.file_id");
        assertThat(forBobsFile.toString().replace(bobsFile, "<id>"))
                .isEqualTo(forNobodysFile.toString().replace(nobodysFile, "<id>"));
        assertThat(jobs.user().getJson("/api/jobs").get("jobs")).isEmpty();
    }

    @Test
    void theCatalogShowsTheSplitPayloadSchema() {
        JsonNode split = jobs.user().getJson("/api/job-types/split");
        JsonNode schema = split.get("payload_schema");

        assertThat(split.get("stages")).extracting(JsonNode::asString).containsExactly("uploading", "splitting");
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.get("required")).extracting(JsonNode::asString).containsExactly("document");
        assertThat(schema.get("properties").propertyNames())
                .containsExactlyInAnyOrder("document", "every_n_pages", "ranges", "by_bookmarks");
        assertThat(schema.get("properties").values())
                .allSatisfy(property ->
                        assertThat(property.path("description").asString("")).isNotBlank());
    }

    /** The result's parts and the artifacts behind them: the pages, in order, with their own texts. */
    private void assertParts(String id, JsonNode result, List<int[]> spans) {
        List<JsonNode> parts = new ArrayList<>();
        result.get("parts").forEach(parts::add);
        assertThat(parts).hasSize(spans.size());
        for (int i = 0; i < spans.size(); i++) {
            int first = spans.get(i)[0];
            int last = spans.get(i)[1];
            JsonNode part = parts.get(i);
            String name = "part-" + (i + 1) + ".pdf";
            byte[] pdf = jobs.artifactBytes(id, name);
            assertThat(part.get("name").asString()).isEqualTo(name);
            assertThat(part.get("first_page").asInt()).as("%s first page", name).isEqualTo(first);
            assertThat(part.get("last_page").asInt()).as("%s last page", name).isEqualTo(last);
            assertThat(part.get("pages").asInt()).as("%s pages", name).isEqualTo(last - first + 1);
            assertThat(part.get("bytes").asLong()).as("%s bytes", name).isEqualTo(pdf.length);
            assertThat(SplitDocuments.pageTexts(pdf))
                    .as("the pages of %s", name)
                    .containsExactlyElementsOf(IntStream.rangeClosed(first, last)
                            .mapToObj(SplitDocuments::pageText)
                            .toList());
        }
    }

    private static int[] span(int first, int last) {
        return new int[] {first, last};
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }

    private static List<String> messages(JsonNode problem) {
        List<String> messages = new ArrayList<>();
        problem.get("errors").forEach(error -> messages.add(error.get("message").asString()));
        return messages;
    }
}
