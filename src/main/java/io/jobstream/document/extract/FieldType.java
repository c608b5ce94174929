package io.jobstream.document.extract;

import java.util.Locale;

/** What a field's value is, and so how it is found in the text and written in the result. */
enum FieldType {
    /** The text itself, trimmed. */
    STRING,
    /** A JSON number: {@code 1,234.50} and {@code 1.234,50} are both 1234.50. */
    NUMBER,
    /** An ISO-8601 date, {@code yyyy-MM-dd}. */
    DATE,
    /** {@code {"amount": 1234.50, "currency": "EUR"}}; the currency is null when the text shows none. */
    MONEY;

    static FieldType fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
