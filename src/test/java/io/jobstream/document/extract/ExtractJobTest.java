package io.jobstream.document.extract;

import static io.jobstream.document.extract.ExtractJobs.PATIENCE;
import static io.jobstream.document.extract.ExtractJobs.assumeTesseract;
import static io.jobstream.document.extract.ExtractJobs.field;
import static io.jobstream.document.extract.ExtractJobs.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.jobstream.support.ApiClient;
import io.jobstream.support.JobstreamTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code extract} end to end, as a user runs it: invoices uploaded as text PDFs and scans,
 * the built-in template and one of the payload's own; the result, the documents list and
 * {@code extracted.jsonl}; hostile regular expressions; cancel; another user's file.
 */
@JobstreamTest
class ExtractJobTest {

    private static final String EVIL = "((a+)+)+c";

    @LocalServerPort
    int port;

    @TempDir
    Path directory;

    ApiClient alice;
    ExtractJobs jobs;
    InvoiceDocuments make;

    @BeforeEach
    void client() {
        alice = ApiClient.as("extract-" + UUID.randomUUID(), port);
        jobs = new ExtractJobs(alice);
        make = new InvoiceDocuments(directory);
    }

    @Test
    void theInvoiceTemplateReadsEachFieldWithItsPageAndAnInvoiceWithoutATotalFailsAlone() {
        String complete = jobs.upload(make.textPdf(
                "acme.pdf",
                List.of(
                        List.of(
                                "ACME Tools Ltd",
                                "Invoice Number: INV-2026-0042",
                                "Invoice Date: 31 Jan 2026",
                                "Due Date: 02/28/2026",
                                "Bill To: Globex Corporation",
                                "Description Qty Amount",
                                "Cordless drill 2 1,000.00"),
                        List.of("Subtotal: $1,000.00", "Tax amount: $234.50", "Total Due: $1,234.50", "Thank you."))));
        String noTotal = jobs.upload(make.textPdf(
                "draft.pdf",
                List.of(List.of("Invoice Number: DRAFT-7", "Invoice Date: 2026-02-01", "Amounts to follow."))));

        String id = jobs.submit(Map.of(
                "template", "invoice", "documents", List.of(Map.of("file_id", complete), Map.of("file_id", noTotal))));
        JsonNode done = jobs.awaitEnd(id, "completed");

        JsonNode result = done.get("result");
        assertThat(result.get("template").asString()).isEqualTo("invoice");
        assertThat(result.get("processed_count").asInt()).isEqualTo(1);
        assertThat(result.get("failed_count").asInt()).isEqualTo(1);
        JsonNode data = result.at("/documents/0/structured_data");
        assertThat(data.at("/invoice_number/value").asString()).isEqualTo("INV-2026-0042");
        assertThat(data.at("/invoice_number/page").asInt()).isEqualTo(1);
        assertThat(data.at("/invoice_number/text").asString()).isEqualTo("Invoice Number: INV-2026-0042");
        assertThat(data.at("/invoice_date/value").asString()).isEqualTo("2026-01-31");
        assertThat(data.at("/due_date/value").asString()).isEqualTo("2026-02-28");
        assertThat(data.at("/customer/value").asString()).isEqualTo("Globex Corporation");
        assertThat(data.at("/total/value/amount").decimalValue()).isEqualByComparingTo("1234.50");
        assertThat(data.at("/total/value/currency").asString()).isEqualTo("USD");
        assertThat(data.at("/total/page").asInt()).isEqualTo(2);
        assertThat(data.at("/total/text").asString()).isEqualTo("Total Due: $1,234.50");
        assertThat(data.at("/vendor/value").isNull()).isTrue();

        JsonNode failed = result.at("/documents/1");
        assertThat(failed.get("file_id").asString()).isEqualTo(noTotal);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(failed.get("error").asString()).isEqualTo("missing required field total");
        JsonNode listed = alice.getJson("/api/jobs/{id}/documents", id).at("/documents/1");
        assertThat(listed.get("status").asString()).isEqualTo("failed");
        assertThat(listed.get("error").asString()).contains("total");

        List<JsonNode> lines = jobs.jsonLines(id, "extracted.jsonl");
        assertThat(lines).extracting(line -> line.get("status").asString()).containsExactly("completed", "failed");
        assertThat(lines.getFirst().get("structured_data")).isEqualTo(data);
    }

    @Test
    void aScannedInvoiceIsReadByOcr() {
        assumeTesseract();
        String scan = jobs.upload(make.scannedPdf(
                "scan.pdf",
                List.of(
                        List.of("INVOICE", "Invoice Number: 4711", "Invoice Date: 2026-03-15"),
                        List.of("Total Due: 1,250.00 EUR"))));

        String id = jobs.submit(Map.of("template", "invoice", "documents", List.of(Map.of("file_id", scan))));
        JsonNode data = jobs.awaitEnd(id, "completed").at("/result/documents/0/structured_data");

        assertThat(data.at("/invoice_number/value").asString()).isEqualTo("4711");
        assertThat(data.at("/invoice_date/value").asString()).isEqualTo("2026-03-15");
        assertThat(data.at("/total/value/amount").decimalValue()).isEqualByComparingTo("1250.00");
        assertThat(data.at("/total/value/currency").asString()).isEqualTo("EUR");
        assertThat(data.at("/total/page").asInt()).isEqualTo(2);
        JsonNode pages = alice.getJson("/api/jobs/{id}/documents", id).at("/documents/0/pages");
        assertThat(pages)
                .allSatisfy(page -> assertThat(page.get("ocr").asBoolean()).isTrue());
    }

    @Test
    void aTemplateOfThePayloadsOwnReadsAnInlineDocument() {
        String text = """
                Shipment SHP-3321 left the warehouse.
                Weight (kg)
                1.250,5
                Shipped on: 04/05/2026
                """;
        Map<String, Object> template = Map.of(
                "name",
                "shipment",
                "fields",
                List.of(
                        field("shipment", "string", true, Map.of("regex", "Shipment (?<value>[A-Z]+-\\d+)")),
                        field("weight", "number", true, Map.of("label", "weight (kg)", "position", "below")),
                        field("shipped", "date", true, Map.of("label", "shipped on")),
                        field("carrier", "string", false, Map.of("label", "carrier"))));

        String id = jobs.submit(Map.of(
                "template", template, "date_format", "mm/dd/yyyy", "documents", List.of(inline("shipment.txt", text))));
        JsonNode result = jobs.awaitEnd(id, "completed").get("result");

        assertThat(result.get("template").asString()).isEqualTo("shipment");
        JsonNode data = result.at("/documents/0/structured_data");
        assertThat(data.at("/shipment/value").asString()).isEqualTo("SHP-3321");
        assertThat(data.at("/shipment/text").asString()).isEqualTo("Shipment SHP-3321");
        assertThat(data.at("/weight/value").decimalValue()).isEqualByComparingTo("1250.5");
        assertThat(data.at("/weight/text").asString()).isEqualTo("Weight (kg)\n1.250,5");
        assertThat(data.at("/shipped/value").asString()).isEqualTo("2026-04-05");
        assertThat(data.get("carrier").properties())
                .extracting(Map.Entry::getKey, entry -> entry.getValue().isNull())
                .containsExactlyInAnyOrder(tuple("value", true), tuple("page", true), tuple("text", true));
    }

    @Test
    void aRegexThatDoesNotCompileIsRefusedAtSubmitNamingTheField() {
        Map<String, Object> template = Map.of(
                "fields",
                List.of(
                        field("ok", "string", false, Map.of("label", "ok")),
                        field("broken", "string", true, Map.of("regex", "total: (\\d+"))));

        JsonNode problem = jobs.refused(Map.of("template", template, "documents", List.of(inline("a.txt", "x"))));

        assertThat(problem.get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(problem.get("errors")).singleElement().satisfies(error -> {
            assertThat(error.get("field").asString()).isEqualTo("payload.template.fields[1].rule");
            assertThat(error.get("message").asString()).contains("not a valid regular expression");
        });
    }

    @Test
    void aFieldOfAnUnknownTypeIsRefusedByTheSchema() {
        Map<String, Object> template = Map.of("fields", List.of(field("when", "time", false, Map.of("label", "at"))));

        JsonNode problem = jobs.refused(Map.of("template", template, "documents", List.of(inline("a.txt", "x"))));

        assertThat(problem.get("errors"))
                .extracting(error -> error.get("field").asString())
                .allSatisfy(field -> assertThat(field).startsWith("payload.template"));
    }

    @Test
    void theCatalogShowsParsesDocumentFieldsAndTheBuiltInTemplates() {
        JsonNode extract = alice.getJson("/api/job-types/extract");

        assertThat(extract.at("/payload_schema/properties").propertyNames())
                .contains("documents", "input_url", "extraction_method", "template", "date_format")
                .doesNotContain("chunking", "embed");
        assertThat(extract.at("/capabilities/templates"))
                .extracting(JsonNode::asString)
                .containsExactly("invoice", "receipt");
        assertThat(extract.get("stages")).extracting(JsonNode::asString).contains("extracting");
    }

    @Test
    void aRegexThatBacktracksWithoutEndFailsItsDocumentAndTheServiceGoesOn() {
        Map<String, Object> template = Map.of(
                "fields",
                List.of(
                        field("label", "string", false, Map.of("label", "name")),
                        field("evil", "string", true, Map.of("regex", EVIL))));

        String id = jobs.submit(Map.of(
                "template", template, "documents", List.of(inline("evil.txt", "name: x\n" + "a".repeat(60)))));
        JsonNode failed = jobs.awaitEnd(id, "failed");

        assertThat(failed.get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        JsonNode document = alice.getJson("/api/jobs/{id}/documents", id).at("/documents/0");
        assertThat(document.get("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(document.get("error").asString()).startsWith("field evil: its rule was stopped");
        String next = jobs.submit(Map.of(
                "template",
                Map.of("fields", List.of(field("name", "string", true, Map.of("label", "name")))),
                "documents",
                List.of(inline("fine.txt", "name: still here"))));
        assertThat(jobs.awaitEnd(next, "completed")
                        .at("/result/documents/0/structured_data/name/value")
                        .asString())
                .isEqualTo("still here");
    }

    @Test
    void cancelStopsARunningExtractAtOnce() {
        List<Map<String, String>> documents =
                new ArrayList<>(Collections.nCopies(6, inline("slow.txt", "a".repeat(60))));
        Map<String, Object> template = Map.of("fields", List.of(field("evil", "string", true, Map.of("regex", EVIL))));
        String id = jobs.submit(Map.of("template", template, "documents", documents));
        await().atMost(PATIENCE)
                .until(() -> alice.get(id).at("/progress/message").asString("").startsWith("extracting fields"));
        // the service runs in this JVM: a thread of it is seen matching
        await().atMost(Duration.ofSeconds(2)).until(ExtractJobTest::matching);

        alice.cancel(id);

        await().atMost(Duration.ofSeconds(1))
                .untilAsserted(
                        () -> assertThat(alice.get(id).get("status").asString()).isEqualTo("cancelled"));
        // and given back at once, not when the rule's time limit passes
        await().atMost(Duration.ofMillis(500)).until(() -> !matching());
        int failed = alice.get(id).get("failed_count").asInt();
        assertThat(failed).isLessThan(documents.size());
        // each document left would fail after the rule's time limit (2 s) if its extraction went on
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(4))
                .until(() -> alice.get(id).get("failed_count").asInt() == failed);
    }

    @Test
    void anotherUsersFileIsRefusedAtSubmit() {
        ApiClient bob = ApiClient.as("bob-" + UUID.randomUUID(), port);
        String bobsFile = new ExtractJobs(bob).upload(make.textPdf("bobs.pdf", List.of(List.of("Invoice Number: 1"))));

        JsonNode problem =
                jobs.refused(Map.of("template", "invoice", "documents", List.of(Map.of("file_id", bobsFile))));

        assertThat(problem.get("errors"))
                .singleElement()
                .satisfies(
                        error -> assertThat(error.get("field").asString()).isEqualTo("payload.documents[0].file_id"));
        assertThat(alice.getJson("/api/jobs").get("jobs")).isEmpty();
    }

    /** Whether a thread is inside the extractor now. */
    private static boolean matching() {
        return Thread.getAllStackTraces().values().stream()
                .flatMap(Stream::of)
                .anyMatch(frame -> frame.getClassName().equals(Extractor.class.getName()));
    }
}
