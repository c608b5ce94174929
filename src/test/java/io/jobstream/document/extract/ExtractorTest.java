package io.jobstream.document.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobstream.document.DocumentFailure;
import io.jobstream.jobtype.ErrorCode;
import io.jobstream.parsing.ParsedPage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Templates applied to pages of text, as the extracting stage applies them; no service, no parser. */
class ExtractorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LIMIT = Duration.ofSeconds(2);

    private static final List<ParsedPage> INVOICE = pages("""
            ACME Tools Ltd
            Invoice Number: INV-2026-0042
            Invoice Date: January 31, 2026
            Due Date: 02/28/2026
            Bill To:
            Globex Corporation
            Widget, 2 pieces   20.00
            """, """
            Subtotal: $1,000.00
            Tax amount: $234.50
            Total Due
            $1,234.50
            Thank you for your business.
            """);

    @Test
    void theInvoiceTemplateFindsEachFieldWithItsPageAndText() {
        Extraction extraction = extract(Templates.valid(JSON.readTree("{\"template\": \"invoice\"}")), INVOICE);
        JsonNode data = extraction.toJson();

        assertThat(extraction.missingRequired()).isEmpty();
        assertThat(data.get("invoice_number").get("value").asString()).isEqualTo("INV-2026-0042");
        assertThat(data.get("invoice_number").get("page").asInt()).isEqualTo(1);
        assertThat(data.get("invoice_number").get("text").asString()).isEqualTo("Invoice Number: INV-2026-0042");
        assertThat(data.get("invoice_date").get("value").asString()).isEqualTo("2026-01-31");
        assertThat(data.get("due_date").get("value").asString()).isEqualTo("2026-02-28");
        assertThat(data.get("customer").get("value").asString()).isEqualTo("Globex Corporation");
        assertThat(data.get("customer").get("text").asString()).isEqualTo("Bill To:\nGlobex Corporation");
        assertThat(data.get("subtotal").get("value").get("amount").decimalValue())
                .isEqualByComparingTo("1000.00");
        assertThat(data.get("tax").get("value").get("amount").decimalValue()).isEqualByComparingTo("234.50");
        JsonNode total = data.get("total");
        assertThat(total.get("value").get("amount").decimalValue()).isEqualByComparingTo("1234.50");
        assertThat(total.get("value").get("currency").asString()).isEqualTo("USD");
        assertThat(total.get("page").asInt()).isEqualTo(2);
        assertThat(total.get("text").asString()).isEqualTo("Total Due\n$1,234.50");
        assertThat(data.get("vendor").get("value").isNull()).isTrue();
        assertThat(data.get("vendor").get("page").isNull()).isTrue();
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        Extraction extraction = extract(
                Templates.valid(JSON.readTree("{\"template\": \"invoice\"}")),
                pages("Invoice Number: 17\nInvoice Date: 2026-03-01\nNothing owed."));

        assertThat(extraction.missingRequired()).containsExactly("total");
    }

    @Test
    void theFirstLabelOfTheListThatLeadsToAValueWinsWhereverItIs() {
        Template template = template(
                Map.of("name", "total", "type", "money", "rule", Map.of("label", List.of("grand total", "total"))));

        JsonNode total = extract(template, pages("Total 5.00\nsubtotal 4.00", "Grand Total: 7.50 EUR"))
                .toJson()
                .get("total");

        assertThat(total.get("value").get("amount").decimalValue()).isEqualByComparingTo("7.50");
        assertThat(total.get("page").asInt()).isEqualTo(2);
    }

    @Test
    void aLabelOnlyMatchesAsAWholeWordAndAPositionLimitsWhereTheValueIs() {
        Template right = template(
                Map.of("name", "total", "type", "money", "rule", Map.of("label", "total", "position", "right")));
        Template below = template(
                Map.of("name", "total", "type", "money", "rule", Map.of("label", "total", "position", "below")));
        List<ParsedPage> text = pages("Subtotal 9.00\nTotal\n\n  12.00\nTotal 3.00");

        assertThat(extract(right, text).toJson().at("/total/value/amount").decimalValue())
                .isEqualByComparingTo("3.00");
        assertThat(extract(below, text).toJson().at("/total/value/amount").decimalValue())
                .isEqualByComparingTo("12.00");
    }

    @Test
    void aRegexGivesItsGroupNamedValueElseItsFirstGroupElseTheMatch() {
        Template template = template(
                Map.of("name", "order", "type", "string", "rule", Map.of("regex", "Order (?<value>[A-Z]+-\\d+)")),
                Map.of("name", "qty", "type", "number", "rule", Map.of("regex", "(?i)quantity:\\s*(\\S+)")),
                Map.of("name", "when", "type", "date", "rule", Map.of("regex", "\\d{4}-\\d\\d-\\d\\d")));

        JsonNode data = extract(template, pages("Order AB-12 of 2026-04-05\nQuantity: 1,500"))
                .toJson();

        assertThat(data.at("/order/value").asString()).isEqualTo("AB-12");
        assertThat(data.at("/order/text").asString()).isEqualTo("Order AB-12");
        assertThat(data.at("/qty/value").decimalValue()).isEqualByComparingTo("1500");
        assertThat(data.at("/when/value").asString()).isEqualTo("2026-04-05");
    }

    @Test
    void aMatchWhoseTextIsNotOfTheFieldsTypeIsPassedOver() {
        Template template = template(Map.of("name", "paid_on", "type", "date", "rule", Map.of("label", "paid")));

        JsonNode paid = extract(template, pages("Paid by card\nPaid: 3 Mar 2026"))
                .toJson()
                .get("paid_on");

        assertThat(paid.get("value").asString()).isEqualTo("2026-03-03");
        assertThat(paid.get("text").asString()).isEqualTo("Paid: 3 Mar 2026");
    }

    @Test
    void aRegexThatBacktracksWithoutEndIsStoppedAndTheFieldNamed() {
        Template template = template(Map.of("name", "evil", "type", "string", "rule", Map.of("regex", "((a+)+)+c")));
        long start = System.nanoTime();

        assertThatThrownBy(() -> Extractor.extract(
                        template, pages("a".repeat(40)), () -> Deadline.in(Duration.ofMillis(200), () -> false)))
                .isInstanceOf(DocumentFailure.class)
                .hasMessageContaining("field evil")
                .satisfies(e -> assertThat(((DocumentFailure) e).code()).isEqualTo(ErrorCode.VALIDATION_ERROR));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aRegexThatRecursesTooDeeplyFailsTheDocumentNamingTheField() {
        Template template = template(Map.of("name", "deep", "type", "string", "rule", Map.of("regex", "(a|b)*c")));

        assertThatThrownBy(() -> extract(template, pages("ab".repeat(50_000))))
                .isInstanceOf(DocumentFailure.class)
                .hasMessageStartingWith("field deep: its rule recursed too deeply");
    }

    @Test
    void aCancelStopsMatchingAtOnce() {
        Template template = template(Map.of("name", "evil", "type", "string", "rule", Map.of("regex", "((a+)+)+c")));
        AtomicBoolean cancelled = new AtomicBoolean(true);

        assertThatThrownBy(() -> Extractor.extract(
                        template, pages("a".repeat(40)), () -> Deadline.in(Duration.ofMinutes(1), cancelled::get)))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void theReceiptTemplateReadsAnUnlabelledDateAndTheMerchantOnTheFirstLine() {
        JsonNode data = extract(
                        Templates.valid(JSON.readTree("{\"template\": \"receipt\", \"date_format\": \"mm/dd/yyyy\"}")),
                        pages("""

                                  Corner Cafe
                                  12 Main Street
                                  03/04/2026 08:15
                                  Latte        4.20
                                  Subtotal     4.20
                                  Tax          0.34
                                  TOTAL        4.54
                                  VISA ****1234
                                """))
                .toJson();

        assertThat(data.at("/merchant/value").asString()).isEqualTo("Corner Cafe");
        assertThat(data.at("/date/value").asString()).isEqualTo("2026-03-04");
        assertThat(data.at("/total/value/amount").decimalValue()).isEqualByComparingTo("4.54");
        assertThat(data.at("/tax/value/amount").decimalValue()).isEqualByComparingTo("0.34");
        assertThat(data.at("/payment_method/value").asString()).isEqualTo("VISA");
    }

    @SafeVarargs
    private static Template template(Map<String, Object>... fields) {
        return Templates.valid(JSON.valueToTree(Map.of("template", Map.of("fields", List.of(fields)))));
    }

    private static Extraction extract(Template template, List<ParsedPage> pages) {
        return Extractor.extract(template, pages, () -> Deadline.in(LIMIT, () -> false));
    }

    private static List<ParsedPage> pages(String... texts) {
        return java.util.stream.IntStream.range(0, texts.length)
                .mapToObj(i -> new ParsedPage(i + 1, texts[i], false, List.of()))
                .toList();
    }
}
