package io.jobstream.document.extract;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** A field's value read from the text a rule points at, normalised to its JSON form. */
final class Values {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Values() {}

    /** The first value of {@code field}'s type in {@code text}; null if there is none. */
    static @Nullable JsonNode read(Field field, String text) {
        return switch (field.type()) {
            case STRING -> text.isBlank() ? null : JSON.stringNode(text.strip());
            case NUMBER -> number(Numbers.first(text));
            case DATE -> date(Dates.first(text, field.dateFormat()));
            case MONEY -> money(Money.first(text));
        };
    }

    private static @Nullable JsonNode number(@Nullable BigDecimal number) {
        return number == null ? null : JSON.numberNode(number);
    }

    private static @Nullable JsonNode date(@Nullable LocalDate date) {
        return date == null ? null : JSON.stringNode(date.toString());
    }

    private static @Nullable JsonNode money(Money.@Nullable Amount amount) {
        return amount == null
                ? null
                : JSON.objectNode().put("amount", amount.amount()).put("currency", amount.currency());
    }
}
