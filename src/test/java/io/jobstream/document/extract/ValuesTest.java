package io.jobstream.document.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How numbers, amounts and dates are read from the text next to a label or in a match. */
class ValuesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1,234.50|1234.50",
                "1.234,50|1234.50",
                "1,234|1234",
                "1.234|1.234",
                "12,5|12.5",
                "1'234.5|1234.5",
                "1,234,567.89|1234567.89",
                "1.234.567|1234567",
                "-42|-42",
                "qty 7 pieces|7"
            })
    void numbersAreReadWithEitherDecimalSeparator(String text, String expected) {
        assertThat(Numbers.first(text)).isEqualByComparingTo(new BigDecimal(expected));
    }

    @Test
    void aNumberGluedToAWordIsNoNumber() {
        assertThat(Numbers.first("INV2026 GB123")).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "none",
            value = {
                "$1,234.50|1234.50|USD",
                "1.234,50 €|1234.50|EUR",
                "EUR 99|99|EUR",
                "£12|12|GBP",
                "120.00|120.00|none",
                "VAT 20% 24.00 GBP|24.00|GBP",
                "2 items 30.00|30.00|none",
                "ABC 15.00|15.00|none"
            })
    void amountsComeWithTheirCurrencyWhenTheTextShowsOne(String text, String amount, String currency) {
        Money.Amount found = Money.first(text);

        assertThat(found).isNotNull();
        assertThat(found.amount()).isEqualByComparingTo(new BigDecimal(amount));
        assertThat(found.currency()).isEqualTo(currency);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-01-31|AUTO|2026-01-31",
                "2026/1/5|AUTO|2026-01-05",
                "31/01/2026|AUTO|2026-01-31",
                "01/31/2026|AUTO|2026-01-31",
                "01/02/2026|AUTO|2026-02-01",
                "01/02/2026|MONTH_FIRST|2026-01-02",
                "01/02/2026|DAY_FIRST|2026-02-01",
                "31.01.26|AUTO|2026-01-31",
                "January 31, 2026|AUTO|2026-01-31",
                "Jan. 31 2026|AUTO|2026-01-31",
                "31 Jan 2026|AUTO|2026-01-31",
                "31-Jan-2026|AUTO|2026-01-31",
                "the 1st of March 2026|AUTO|2026-03-01",
                "Issued: 5 sept 2026, paid|AUTO|2026-09-05"
            })
    void datesAreReadInTheirCommonForms(String text, DateFormat format, String expected) {
        assertThat(Dates.first(text, format)).isEqualTo(LocalDate.parse(expected));
    }

    @Test
    void aDateThatDoesNotExistIsNoDate() {
        assertThat(Dates.first("31/02/2026", DateFormat.AUTO)).isNull();
        assertThat(Dates.first("13/13/2026", DateFormat.AUTO)).isNull();
    }

    @Test
    void valuesAreWrittenInTheirJsonForms() {
        assertThat(Values.read(field(FieldType.DATE), "due 31 Jan 2026").asString())
                .isEqualTo("2026-01-31");
        assertThat(Values.read(field(FieldType.NUMBER), "1.234,5").decimalValue())
                .isEqualByComparingTo("1234.5");
        assertThat(Values.read(field(FieldType.MONEY), "$5.00").get("currency").asString())
                .isEqualTo("USD");
        assertThat(Values.read(field(FieldType.STRING), "  Acme Ltd  ").asString())
                .isEqualTo("Acme Ltd");
        assertThat(Values.read(field(FieldType.STRING), "   ")).isNull();
    }

    private static Field field(FieldType type) {
        return new Field("f", type, new Rule.Regex(java.util.regex.Pattern.compile(".*")), false, DateFormat.AUTO);
    }
}
