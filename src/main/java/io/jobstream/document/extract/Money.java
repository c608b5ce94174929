package io.jobstream.document.extract;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Amounts of money: a number ({@link Numbers}) with a currency sign or ISO 4217 code before or
 * after it, or none. {@code $} is read as USD, {@code €} EUR, {@code £} GBP, {@code ¥} JPY,
 * {@code ₹} INR. Of several amounts in a text the first with a currency is taken, else the
 * first with decimals, else the first; a percentage ({@code 20 %}) is no amount.
 */
final class Money {

    private static final Map<String, String> SIGNS =
            Map.of("$", "USD", "US$", "USD", "€", "EUR", "£", "GBP", "¥", "JPY", "₹", "INR");
    private static final String CURRENCY = "US\\$|[$€£¥₹]|(?<![\\p{L}])[A-Z]{3}(?![\\p{L}])";
    private static final Pattern AMOUNT = Pattern.compile("(?:(?<before>" + CURRENCY + ")\\s?)?(?<amount>"
            + Numbers.NUMBER + ")(?:\\s?(?<after>" + CURRENCY + "))?(?<percent>\\s?%)?");

    /** An amount and its currency (an ISO 4217 code), if the text shows one. */
    record Amount(BigDecimal amount, @Nullable String currency) {}

    private Money() {}

    static @Nullable Amount first(String text) {
        Amount withDecimals = null;
        Amount plain = null;
        Matcher matcher = AMOUNT.matcher(text);
        while (matcher.find()) {
            BigDecimal number = Numbers.parse(matcher.group("amount"));
            if (number == null || matcher.group("percent") != null) {
                continue;
            }
            String currency = currency(matcher.group("before"));
            currency = currency == null ? currency(matcher.group("after")) : currency;
            Amount amount = new Amount(number, currency);
            if (currency != null) {
                return amount;
            }
            if (withDecimals == null && number.scale() > 0) {
                withDecimals = amount;
            }
            plain = plain == null ? amount : plain;
        }
        return withDecimals == null ? plain : withDecimals;
    }

    private static @Nullable String currency(@Nullable String mark) {
        if (mark == null) {
            return null;
        }
        if (SIGNS.containsKey(mark)) {
            return SIGNS.get(mark);
        }
        try {
            return Currency.getInstance(mark.toUpperCase(Locale.ROOT)).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
